# Included by CMake right after llama.cpp's own project() call when llama-cpp-python is
# compiled (Makefile: -DCMAKE_PROJECT_llama.cpp_INCLUDE=<this file>).
#
# llama-cpp-python's CMakeLists forces llama.cpp's "common" library ON (a cache variable set
# with FORCE), but the Python package never loads it: it loads libllama and libggml* only.
# A normal variable set here, in llama.cpp's directory scope, takes precedence over that cache
# entry (option() leaves it alone, policy CMP0077), so common/ and the HTTP library it pulls in
# (vendor/cpp-httplib) are not compiled: 53 of the 178 source files, the slowest ones.
set(LLAMA_BUILD_COMMON OFF)
