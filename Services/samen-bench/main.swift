print("samen-bench")
