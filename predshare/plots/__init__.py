"""Every picture predshare draws, each a PNG written atomically (matplotlib, Agg backend,
loaded only when a picture is drawn):

* ``figure``: the shared setup (``pyplot``, ``save_png``);
* ``phase``: phase diagrams of a sweep (``phase_plot``, ``save_phase_plot``);
* ``bargaining``: a bargaining problem and its solution (``plot_bargaining``);
* ``scarcity``: payoffs and trade against labelled examples (``save_scarcity_plot``);
* ``train_sizes``: the data path's payoffs per train size (``save_train_size_plot``);
* ``bench``: the benchmark suite's scaling curves (``scaling_plot``).

The modules are imported by name, so that a command loads only the picture it draws.
"""
