"""ordersim: a local, stateful simulator of third-party order APIs."""

__version__ = "0.1.0"
