# SPDX-License-Identifier: MIT
# tests/build.mk - test guests, test configurations and the test targets.
.PHONY: tests-build
tests-build:
