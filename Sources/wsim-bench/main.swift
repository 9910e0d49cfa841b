print("wsim-bench: not yet")
