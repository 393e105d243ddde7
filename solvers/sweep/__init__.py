"""Parameter sweeps: the batch classifier over whole arrays of points, and its execution."""
