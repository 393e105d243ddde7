"""The papers' claims as executable checks (MODEL.md section 7)."""
