#!/usr/bin/env python3
print("admin recipes: placeholder")
