"""A minimal stand-in for the `safetensors` package, which the test machines lack: only load_file."""
