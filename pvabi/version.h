/* SPDX-License-Identifier: MIT */
/* version.h - sub-commands of the version hypercall (see hcall.h). */
#ifndef PVABI_VERSION_H
#define PVABI_VERSION_H

#define PVABI_VER_abi 0
#define PVABI_VER_probe 1

#endif
