/*
 * audit.c - the drive audit: per letter, the drive-table entry, the link and
 * its targets, the drive-map bit, which connection (if any) backs the top
 * target, and the verdict.
 *
 * A letter is orphaned (docs/ARCHITECTURE.md, "The drive table and the
 * race") when its link exists but no live connection backs its top target
 * (BASESRV_ORPHAN_DEAD_TOP), or its drive-table entry and the link
 * disagree (BASESRV_ORPHAN_TABLE). The audit
 * is meant for quiet points - no DefineDosDevice in flight - so an entry
 * still connecting or disconnecting is a disagreement too. Dead redirector
 * targets under a live top are counted (StaleBeneath) but are not yet an
 * orphan: they become one when the top definition is removed.
 *
 * CSRSS serves it one letter per request (BasepAuditDriveApi); the `drives`
 * gdb command reads the same state; the host model check calls it after
 * every explored schedule.
 *
 * Interface: BaseSrvAuditDrives, BaseSrvAuditDrive (basesrv.h).
 */
#include <string.h>

#include "basesrv.h"

/* Which connection serves Target. */
static ULONG BaseSrvpBacking(PBASESRV_ENV Env, PCSTR Target, PULONG ProcessId)
{
    NTSTATUS Status = Env->LookupConnection(Env->Context, Target, ProcessId);

    if (NT_SUCCESS(Status))
        return BaseSrvBackingLive;
    if (Status == STATUS_OBJECT_TYPE_MISMATCH)
        return BaseSrvBackingLocal;
    return BaseSrvBackingDead;
}

/* Read the link of one letter and judge its targets' connections. */
static VOID BaseSrvpAuditLink(PBASESRV_ENV Env, CHAR Letter, PBASESRV_DRIVE_AUDIT Audit)
{
    CHAR LinkName[sizeof(BASESRV_DOSDEVICES) + 3] = BASESRV_DOSDEVICES "?:";
    PCSTR Entry;
    ULONG ProcessId;
    NTSTATUS Status;

    LinkName[sizeof(BASESRV_DOSDEVICES) - 1] = Letter;
    Status = Env->QueryLink(Env->Context, LinkName, Audit->Targets.Buffer,
                            sizeof(Audit->Targets.Buffer), &Audit->Targets.Length);
    if (!NT_SUCCESS(Status)) {
        Audit->Targets.Length = 0;
        return;
    }
    Audit->LinkExists = TRUE;
    Audit->TargetCount = BaseSrvpListCount(&Audit->Targets);
    Entry = BaseSrvpListNext(&Audit->Targets, NULL);
    if (Entry == NULL)
        return;
    Audit->Backing = BaseSrvpBacking(Env, Entry, &Audit->BackingProcessId);
    while ((Entry = BaseSrvpListNext(&Audit->Targets, Entry)) != NULL) {
        if (BaseSrvpBacking(Env, Entry, &ProcessId) == BaseSrvBackingDead)
            Audit->StaleBeneath++;
    }
}

/* Do the entry and the link tell the same story? */
static BOOLEAN BaseSrvpEntryAgrees(const BASESRV_DRIVE_AUDIT *Audit)
{
    const BASESRV_DRIVE_ENTRY *Entry = &Audit->Entry;

    if (Audit->DriveMapBit != Audit->LinkExists)
        return FALSE;
    if (Entry->State == BaseSrvDriveFree)
        return !Audit->LinkExists;
    if (Entry->State != BaseSrvDriveInUse || !Audit->LinkExists)
        return FALSE;
    if (Entry->References != Audit->TargetCount)
        return FALSE;
    return Audit->Backing != BaseSrvBackingLive ||
           Entry->OwnerProcessId == Audit->BackingProcessId;
}

/* One letter's audit; the basesrv lock held. */
static VOID BaseSrvpAuditDrive(PBASESRV_SERVER Server, ULONG Drive, ULONG DriveMap,
                               PBASESRV_DRIVE_AUDIT A)
{
    memset(A, 0, sizeof(*A));
    A->Entry = Server->Drives[Drive];
    A->DriveMapBit = (DriveMap >> Drive) & 1;
    BaseSrvpAuditLink(Server->Env, (CHAR)('A' + Drive), A);
    if (A->Backing == BaseSrvBackingDead)
        A->Orphan |= BASESRV_ORPHAN_DEAD_TOP;
    if (!BaseSrvpEntryAgrees(A))
        A->Orphan |= BASESRV_ORPHAN_TABLE;
}

/* Fill Audit for every letter; the number of orphaned letters. */
ULONG BaseSrvAuditDrives(PBASESRV_SERVER Server, BASESRV_DRIVE_AUDIT Audit[BASESRV_DRIVES])
{
    PBASESRV_ENV Env = Server->Env;
    ULONG Drive, DriveMap, Orphans = 0;

    Env->AcquireLock(Env->Context);
    DriveMap = Env->QueryDriveMap(Env->Context);
    for (Drive = 0; Drive < BASESRV_DRIVES; Drive++) {
        BaseSrvpAuditDrive(Server, Drive, DriveMap, &Audit[Drive]);
        if (Audit[Drive].Orphan)
            Orphans++;
    }
    Env->ReleaseLock(Env->Context);
    return Orphans;
}

/* The audit of one letter (0 for A:), for a CSRSS request. */
NTSTATUS BaseSrvAuditDrive(PBASESRV_SERVER Server, ULONG Drive, PBASESRV_DRIVE_AUDIT Audit)
{
    PBASESRV_ENV Env = Server->Env;

    if (Drive >= BASESRV_DRIVES)
        return STATUS_INVALID_PARAMETER;
    Env->AcquireLock(Env->Context);
    BaseSrvpAuditDrive(Server, Drive, Env->QueryDriveMap(Env->Context), Audit);
    Env->ReleaseLock(Env->Context);
    return STATUS_SUCCESS;
}
