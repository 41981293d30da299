/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Force-included (-include) into the library sources of the fuzz build
 * only.  The library memory-maps the data stream files; AddressSanitizer
 * cannot see a read past the end of a file inside its last page (the
 * kernel fills the page with zeros).  Here mmap() becomes a heap copy of
 * exactly the mapped length, so any read past the end of a data file is
 * a heap-buffer-overflow report.  munmap() frees the copy; madvise() does
 * nothing.  The library uses mmap() only for read-only file mappings.
 */
#ifndef LTTV_FUZZ_MMAP_SHIM_H
#define LTTV_FUZZ_MMAP_SHIM_H

#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>

static inline void *lttv_fuzz_mmap(void *addr, size_t len, int prot, int flags, int fd,
                                   off_t offset)
{
	char *copy;
	size_t done = 0;

	(void)addr;
	(void)prot;
	(void)flags;
	if (len == 0 || fd < 0) {
		errno = EINVAL;
		return MAP_FAILED;
	}
	copy = malloc(len);
	if (!copy) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	while (done < len) {
		ssize_t n = pread(fd, copy + done, len - done, offset + (off_t)done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			free(copy);
			errno = n < 0 ? errno : EIO;
			return MAP_FAILED;
		}
		done += (size_t)n;
	}
	return copy;
}

static inline int lttv_fuzz_munmap(void *addr, size_t len)
{
	(void)len;
	free(addr);
	return 0;
}

static inline int lttv_fuzz_madvise(void *addr, size_t len, int advice)
{
	(void)addr;
	(void)len;
	(void)advice;
	return 0;
}

#define mmap(a, l, p, f, fd, o) lttv_fuzz_mmap(a, l, p, f, fd, o)
#define munmap(a, l)            lttv_fuzz_munmap(a, l)
#define madvise(a, l, adv)      lttv_fuzz_madvise(a, l, adv)

#endif
