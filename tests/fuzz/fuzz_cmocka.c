/* SPDX-License-Identifier: MIT */
/*
 * fuzz_cmocka.c - libFuzzer's start-up hook for the targets linked with the
 * unit tests' fakes (tests/unit/fake_arch.c), whose checks are cmocka
 * asserts: make a failed one abort, so that libFuzzer keeps the input.
 */
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("CMOCKA_TEST_ABORT", "1", 1);
	return 0;
}
