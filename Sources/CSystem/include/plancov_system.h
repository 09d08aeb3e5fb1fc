// The few operating-system calls that Swift's Glibc module does not expose, and SHA-256.
#pragma once

#include <stddef.h>
#include <stdint.h>

/// Starts writing the dirty pages of the open file `fd` to disk, without waiting (Linux's
/// sync_file_range with SYNC_FILE_RANGE_WRITE; nothing elsewhere). Returns 0, or -1 with errno.
int plancov_start_writeback(int fd);

/// Reads up to `count` bytes from `fd` at its offset only as far as they are in memory already
/// (Linux's preadv2 with RWF_NOWAIT): returns the bytes read (0 at the end of the file), or -1
/// with errno EAGAIN when the next byte would have to come from the disk, or another errno
/// where the kernel cannot tell (then read as usual).
long plancov_read_if_cached(int fd, void *buffer, unsigned long count);

/// Asks the kernel to start reading the file at `path` into memory, without waiting
/// (posix_fadvise POSIX_FADV_WILLNEED). Returns 0, or -1 when the file cannot be opened.
int plancov_prefetch(const char *path);

/// Makes glibc keep freed memory for later allocations instead of giving large blocks back to
/// the system (mallopt: blocks under 64 MiB from the heap, not mmap; the heap trimmed only past
/// 128 MiB free). Each plan allocates buffers of a few hundred KB; served by mmap and given back
/// with munmap, every file paid page faults again. plancov and its stage benchmark call it
/// first thing. Does nothing elsewhere than glibc.
void plancov_keep_freed_memory(void);

/// The SHA-256 digest of `length` bytes at `data` into `digest` (32 bytes): the content address
/// of a file in the extraction cache.
void plancov_sha256(const uint8_t *data, size_t length, uint8_t digest[32]);
