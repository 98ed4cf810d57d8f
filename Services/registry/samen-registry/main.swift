print("samen-registry: not written yet")
