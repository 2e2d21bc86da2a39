/*
 * ramfsctl.h - the control codes of \Device\RamFs, the guest tests' file
 * system (tests/guest/drivers/ramfs.c), as a process sees them.
 */
#ifndef RAMFSCTL_H
#define RAMFSCTL_H

#include "ntio.h"

#define RAMFS_DEVICE_TYPE           0x08    /* FILE_DEVICE_DISK_FILE_SYSTEM */

/* Out: ULONG, the number of opens so far. */
#define IOCTL_RAMFS_OPEN_COUNT      CTL_CODE(RAMFS_DEVICE_TYPE, 0x800, METHOD_BUFFERED, \
                                             FILE_ANY_ACCESS)

/* Out: RAMFS_SELF_OPEN. Inside the caller's request the driver opens
   \Device\Null for itself twice, with OBJ_KERNEL_HANDLE: by NtCreateFile,
   which probes the driver's kernel-stack arguments as the caller's, and
   by ZwCreateFile, which does not. The Zw handle is the kernel's; it stays
   open, in RamFsStats.SelfHandle, for the test to close. */
#define IOCTL_RAMFS_OPEN_FOR_SELF   CTL_CODE(RAMFS_DEVICE_TYPE, 0x801, METHOD_BUFFERED, \
                                             FILE_ANY_ACCESS)

typedef struct _RAMFS_SELF_OPEN {
    NTSTATUS NtStatus;
    NTSTATUS ZwStatus;
    HANDLE Handle;
} RAMFS_SELF_OPEN;

/* Out: RAMFS_SUBJECT, who the driver sees asking (SeCaptureSubjectContext):
   the caller's process, or while it impersonates, its client's. */
#define IOCTL_RAMFS_QUERY_SUBJECT   CTL_CODE(RAMFS_DEVICE_TYPE, 0x802, METHOD_BUFFERED, \
                                             FILE_ANY_ACCESS)

typedef struct _RAMFS_SUBJECT {
    ULONG ProcessId;
    ULONG LogonIdLow;
    LONG LogonIdHigh;
    BOOLEAN Impersonating;
} RAMFS_SUBJECT;

#endif
