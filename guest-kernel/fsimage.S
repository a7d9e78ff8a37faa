/* SPDX-License-Identifier: MIT */
/* fsimage.S - the boot file system (a cpio archive built from user/), linked in. */
	.section .rodata.fsimage, "a"
	.balign 16
	.globl fs_image_start, fs_image_end
fs_image_start:
	.incbin FS_IMAGE
fs_image_end:
