/* SPDX-License-Identifier: MIT */
/*
 * fv_image.c - reads a fully virtualized guest's image header (fv_image.h).
 * A Linux Image is recognised by its magic ("RSC\x05" at 56); Debian's and
 * most distributions' carry an EFI stub, whose PE/COFF section table says
 * how long the file must be, so a truncated copy (an interrupted download,
 * a wrong SIZE on the command line) is refused with a line saying so rather
 * than entered to crash somewhere in its missing half.
 */
#include <stdio.h>
#include <string.h>

#include "hyp/fv/fv_image.h"

#define LINUX_MAGIC_OFF 56
#define LINUX_SIZE_OFF 16
#define PE_OFFSET_OFF 0x3c
#define PE_SECTION_SIZE 40

static bool is_linux_image(const uint8_t *img, uint64_t size)
{
	return size >= 64 && memcmp(img + LINUX_MAGIC_OFF, "RSC\x05", 4) == 0;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

uint64_t fv_image_span(const uint8_t *img, uint64_t size)
{
	uint64_t span;

	if (!is_linux_image(img, size))
		return size;
	memcpy(&span, img + LINUX_SIZE_OFF, sizeof(span)); /* little-endian, as the host */
	return span > size ? span : size;
}

/*
 * The file length the PE/COFF header needs (the end of its last section's
 * raw data), or 0 if there is no such header to read within size bytes.
 */
static uint64_t pe_length(const uint8_t *img, uint64_t size, bool *cut)
{
	uint64_t pe, sec, end = 0;
	unsigned nsec;

	*cut = false;
	if (memcmp(img, "MZ", 2) != 0)
		return 0;
	pe = le32(img + PE_OFFSET_OFF);
	if (pe > size || size - pe < 24) {
		*cut = true; /* a Linux Image whose PE header is not there */
		return 0;
	}
	if (memcmp(img + pe, "PE\0\0", 4) != 0)
		return 0;
	nsec = le16(img + pe + 6);
	sec = pe + 24 + le16(img + pe + 20);
	if (sec > size || (size - sec) / PE_SECTION_SIZE < nsec) {
		*cut = true;
		return 0;
	}
	for (unsigned i = 0; i < nsec; i++, sec += PE_SECTION_SIZE) {
		uint64_t e = (uint64_t)le32(img + sec + 20) + le32(img + sec + 16);

		if (e > end)
			end = e;
	}
	return end;
}

const char *fv_image_error(const uint8_t *img, uint64_t size)
{
	static char why[96];
	bool cut;
	uint64_t need;

	if (!is_linux_image(img, size))
		return NULL;
	need = pe_length(img, size, &cut);
	if (cut)
		return "its Linux image is truncated (its PE/COFF header is cut off)";
	if (need <= size)
		return NULL;
	snprintf(why, sizeof(why), "its Linux image is truncated: %llu bytes, its header says %llu",
		 (unsigned long long)size, (unsigned long long)need);
	return why;
}
