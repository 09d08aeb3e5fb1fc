// The few operating-system calls that Swift's Glibc module does not expose.
#pragma once

/// Starts writing the dirty pages of the open file `fd` to disk, without waiting (Linux's
/// sync_file_range with SYNC_FILE_RANGE_WRITE; nothing elsewhere). Returns 0, or -1 with errno.
int plancov_start_writeback(int fd);
