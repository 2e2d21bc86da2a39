/*
 * drivers.h - the test drivers the in-kernel I/O tests load:
 *   ramfs.c   \Device\RamFs, a RAM file system (ramfs.h) with directories,
 *             NT's dispositions, delete on close, rename, end of file and
 *             volume information (ramfsinfo.c), that completes some IRPs at
 *             once, some later from its worker thread or from a timer DPC,
 *             and holds reads of WAITER (cancellable) until a write comes
 *   filter.c  a filter attached above RamFs, counting completions
 *   broken.c  \Device\Broken, which breaks one I/O rule per file name
 *   gate.c    a filter above \Device\NwRdr that holds target opens at a gate
 */
#ifndef GT_DRIVERS_H
#define GT_DRIVERS_H

#include "io/io.h"
#include "tests/user/ramfsctl.h"

typedef struct _RAMFS_STATS {
    LONG Creates, Cleanups, Closes, Cancels, Deferred, ViaDpc, Opens;
    LONG Flushes;               /* IRP_MJ_FLUSH_BUFFERS seen */
    LONG Deletes;               /* files deleted at their last CLEANUP */
    BOOLEAN Unloaded;
    HANDLE SelfHandle;          /* IOCTL_RAMFS_OPEN_FOR_SELF's kernel handle */
} RAMFS_STATS;

typedef struct _FILTER_STATS {
    LONG Dispatched, Completed, SawPending;
    PDEVICE_OBJECT LastCompletionDevice;
} FILTER_STATS;

extern RAMFS_STATS RamFsStats;
extern FILTER_STATS FilterStats;
extern PDEVICE_OBJECT FilterDevice;

NTSTATUS RamFsDriverEntry(PDRIVER_OBJECT DriverObject);
NTSTATUS FilterDriverEntry(PDRIVER_OBJECT DriverObject);
VOID FilterDetach(VOID);
NTSTATUS BrokenDriverEntry(PDRIVER_OBJECT DriverObject);
NTSTATUS GateDriverEntry(PDRIVER_OBJECT DriverObject);
VOID GateClose(VOID);
VOID GateOpen(VOID);
extern volatile LONG NwGateOpensHeld;

#endif
