print("capsim")
