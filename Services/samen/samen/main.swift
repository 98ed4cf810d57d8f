print("samen: not written yet")
