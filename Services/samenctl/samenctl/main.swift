print("samenctl: not written yet")
