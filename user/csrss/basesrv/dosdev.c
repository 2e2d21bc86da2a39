/*
 * dosdev.c - the server side of DefineDosDevice, and the drive table.
 *
 * A call defines a DOS device name (pushes a target on its link) or removes
 * a definition (drops one; the last one takes the link with it). The server
 * reads the old link's targets, deletes the link and creates it again with
 * the new list. For a drive letter it also keeps the drive-table entry:
 * state (free, connecting, in use, disconnecting), owner process and logon
 * session, references (definitions it pushed) and the drive's type. The
 * type is the one thing the server must learn from outside between reading
 * the link and writing it: it opens the letter's new top target as the
 * caller (impersonating the LPC client) and asks the device what it is -
 * for NWRDR a network round trip. A target that cannot be opened is
 * DRIVE_UNKNOWN: DefineDosDevice accepts any target, as Windows does.
 *
 * The two variants differ only as the service pack's patch to basesrv.dll
 * did: in the scope of the critical section.
 *
 *   rtm  BaseSrvpTransitionRtm: check, learn the type, set - the check and
 *        the set each in a critical section of its own, the round trip
 *        between them with the lock released. The check reads the link and
 *        the entry and marks the entry; the set writes the link and the
 *        entry from what the check read. Whatever another server thread did
 *        to the letter in between is overwritten: its link rewrite is lost,
 *        a removed target comes back, the entry goes back to a state that
 *        is gone.
 *   sp   BaseSrvpTransitionSp: the same three steps in ONE critical
 *        section; a second caller for any letter waits for the first.
 *
 * Whether a letter is free is the client's business in both (the
 * provider's QueryDosDevice), as in NT. The check, the type query, the set
 * and the list editing are the same code in both; no line asks for a
 * broken table. Names that are not drive letters have no entry and no
 * round trip: one critical section in both variants.
 *
 * Interface: BaseSrvInitialize, BaseSrvDefineDosDevice, BaseSrvParseVariant,
 * BaseSrvVariantName, BaseSrvDriveStateName (prototypes in basesrv.h).
 */
#include <string.h>

#include "basesrv.h"

/* One DefineDosDevice call, as a server thread works on it. */
typedef struct _BASESRV_REQUEST {
    ULONG Flags;
    LONG Drive;                         /* drive index, or -1 */
    CHAR LinkName[sizeof(BASESRV_DOSDEVICES) + BASESRV_MAX_NAME];
    CHAR Target[BASESRV_MAX_PATH];      /* "" when none was given */
    ULONG CallerProcessId;
    ULONGLONG CallerLogonId;
    /* Filled by the check, used by the set: */
    BASESRV_DRIVE_ENTRY Before;         /* the entry as the check saw it */
    BOOLEAN LinkExisted;                /* the link as the check saw it */
    BOOLEAN NoChange;                   /* nothing to do (remove of nothing) */
    BASESRV_TARGET_LIST Targets;        /* the list the set writes */
    ULONG DriveType;                    /* of the list's top target, learnt */
} BASESRV_REQUEST, *PBASESRV_REQUEST;

#define BaseSrvpIsRemove(Req) (((Req)->Flags & DDD_REMOVE_DEFINITION) != 0)

/* Every call that touches shared state is preceded by the yield hook. */
static VOID BaseSrvpLock(PBASESRV_SERVER Server)
{
    Server->Env->Yield(Server->Env->Context);
    Server->Env->AcquireLock(Server->Env->Context);
}

static VOID BaseSrvpUnlock(PBASESRV_SERVER Server)
{
    Server->Env->Yield(Server->Env->Context);
    Server->Env->ReleaseLock(Server->Env->Context);
}

/* Read the link's target list into Req->Targets; no link is an empty list. */
static NTSTATUS BaseSrvpReadLink(PBASESRV_SERVER Server, PBASESRV_REQUEST Req)
{
    PBASESRV_ENV Env = Server->Env;
    NTSTATUS Status;

    Env->Yield(Env->Context);
    Status = Env->QueryLink(Env->Context, Req->LinkName, Req->Targets.Buffer,
                            sizeof(Req->Targets.Buffer), &Req->Targets.Length);
    Req->LinkExisted = NT_SUCCESS(Status);
    if (Status == STATUS_OBJECT_NAME_NOT_FOUND) {
        Req->Targets.Length = 0;
        return STATUS_SUCCESS;
    }
    return Status;
}

/* Push the new target, or drop the matching one, in Req->Targets. */
static NTSTATUS BaseSrvpEditList(PBASESRV_REQUEST Req)
{
    BOOLEAN Exact = (Req->Flags & DDD_EXACT_MATCH_ON_REMOVE) != 0;

    if (!BaseSrvpIsRemove(Req))
        return BaseSrvpListPush(&Req->Targets, Req->Target);
    if (!Req->LinkExisted) {
        Req->NoChange = TRUE;
        return Req->Target[0] ? STATUS_OBJECT_NAME_NOT_FOUND : STATUS_SUCCESS;
    }
    if (!BaseSrvpListRemove(&Req->Targets, Req->Target, Exact))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    return STATUS_SUCCESS;
}

static VOID BaseSrvpNoteEntry(PBASESRV_SERVER Server, LONG Drive)
{
    if (Server->Env->NoteEntry != NULL)
        Server->Env->NoteEntry(Server->Env->Context, (ULONG)Drive, Server->Drives[Drive].State);
}

/* The check: read the link and the entry, decide the new list, mark the
   entry as in transition. Called with the basesrv lock held. */
static NTSTATUS BaseSrvpCheck(PBASESRV_SERVER Server, PBASESRV_REQUEST Req)
{
    PBASESRV_DRIVE_ENTRY Entry;
    NTSTATUS Status;

    Status = BaseSrvpReadLink(Server, Req);
    if (!NT_SUCCESS(Status) || Req->Drive < 0)
        return NT_SUCCESS(Status) ? BaseSrvpEditList(Req) : Status;
    Entry = &Server->Drives[Req->Drive];
    Req->Before = *Entry;
    Status = BaseSrvpEditList(Req);
    if (!NT_SUCCESS(Status) || Req->NoChange)
        return Status;
    if (BaseSrvpIsRemove(Req)) {
        Entry->State = BaseSrvDriveDisconnecting;
    } else {
        Entry->State = BaseSrvDriveConnecting;
        Entry->OwnerProcessId = Req->CallerProcessId;
        Entry->OwnerLogonId = Req->CallerLogonId;
    }
    BaseSrvpNoteEntry(Server, Req->Drive);
    return STATUS_SUCCESS;
}

/* Write the entry after the set wrote (or failed to write) the link. */
static VOID BaseSrvpSetEntry(PBASESRV_SERVER Server, PBASESRV_REQUEST Req, NTSTATUS Status)
{
    PBASESRV_DRIVE_ENTRY Entry = &Server->Drives[Req->Drive];
    ULONG References = Req->Before.State == BaseSrvDriveFree ? 0 : Req->Before.References;

    if (!NT_SUCCESS(Status) && !Req->LinkExisted) {
        *Entry = Req->Before;                   /* nothing changed: undo the mark */
    } else if (!NT_SUCCESS(Status) || Req->Targets.Length == 0) {
        memset(Entry, 0, sizeof(*Entry));       /* the link is gone, or going */
    } else if (BaseSrvpIsRemove(Req)) {
        *Entry = Req->Before;
        Entry->State = BaseSrvDriveInUse;
        Entry->References = References > 0 ? References - 1 : 0;
        Entry->DriveType = Req->DriveType;
    } else {
        Entry->State = BaseSrvDriveInUse;
        Entry->OwnerProcessId = Req->CallerProcessId;
        Entry->OwnerLogonId = Req->CallerLogonId;
        Entry->References = References + 1;
        Entry->DriveType = Req->DriveType;
    }
    BaseSrvpNoteEntry(Server, Req->Drive);
}

/* The set: delete the old link, create the new one, write the entry.
   Called with the basesrv lock held. */
static NTSTATUS BaseSrvpSet(PBASESRV_SERVER Server, PBASESRV_REQUEST Req)
{
    PBASESRV_ENV Env = Server->Env;
    NTSTATUS Status = STATUS_SUCCESS;

    if (Req->LinkExisted) {
        Env->Yield(Env->Context);
        Status = Env->DeleteLink(Env->Context, Req->LinkName);
        if (Status == STATUS_OBJECT_NAME_NOT_FOUND)
            Status = STATUS_SUCCESS;            /* already gone */
        if (!NT_SUCCESS(Status)) {
            if (Req->Drive >= 0)
                Server->Drives[Req->Drive] = Req->Before;   /* the link stays */
            return Status;
        }
    }
    if (Req->Targets.Length != 0) {
        Env->Yield(Env->Context);
        Status = Env->CreateLink(Env->Context, Req->LinkName, Req->Targets.Buffer,
                                 Req->Targets.Length);
    }
    if (Req->Drive >= 0)
        BaseSrvpSetEntry(Server, Req, Status);
    return Status;
}

/* The round trip: what device the list's new top target is on, asked as
   the caller. Nothing to learn when the list goes empty. */
static VOID BaseSrvpLearnType(PBASESRV_SERVER Server, PBASESRV_REQUEST Req)
{
    PBASESRV_ENV Env = Server->Env;
    PCSTR Top = BaseSrvpListNext(&Req->Targets, NULL);

    Req->DriveType = DRIVE_UNKNOWN;
    if (Top == NULL)
        return;
    Env->Yield(Env->Context);
    Req->DriveType = Env->QueryTargetType(Env->Context, Top);
}

/* rtm, as NT 3.51 shipped: check and set in two critical sections, the
   round trip between them with the lock released. */
static NTSTATUS BaseSrvpTransitionRtm(PBASESRV_SERVER Server, PBASESRV_REQUEST Req)
{
    NTSTATUS Status;

    BaseSrvpLock(Server);
    Status = BaseSrvpCheck(Server, Req);
    BaseSrvpUnlock(Server);
    if (!NT_SUCCESS(Status) || Req->NoChange)
        return Status;
    BaseSrvpLearnType(Server, Req);
    BaseSrvpLock(Server);
    Status = BaseSrvpSet(Server, Req);
    BaseSrvpUnlock(Server);
    return Status;
}

/* sp, the service pack: check, round trip and set in one critical section. */
static NTSTATUS BaseSrvpTransitionSp(PBASESRV_SERVER Server, PBASESRV_REQUEST Req)
{
    NTSTATUS Status;

    BaseSrvpLock(Server);
    Status = BaseSrvpCheck(Server, Req);
    if (NT_SUCCESS(Status) && !Req->NoChange) {
        BaseSrvpLearnType(Server, Req);
        Status = BaseSrvpSet(Server, Req);
    }
    BaseSrvpUnlock(Server);
    return Status;
}

/* A name that is not a drive letter: no entry, no round trip; check and
   set as one step under the lock, in both variants. */
static NTSTATUS BaseSrvpCheckAndSet(PBASESRV_SERVER Server, PBASESRV_REQUEST Req)
{
    NTSTATUS Status;

    BaseSrvpLock(Server);
    Status = BaseSrvpCheck(Server, Req);
    if (NT_SUCCESS(Status) && !Req->NoChange)
        Status = BaseSrvpSet(Server, Req);
    BaseSrvpUnlock(Server);
    return Status;
}

/* Check the flags and copy the names; a target that is not raw is a DOS
   path, and is given as \DosDevices\PATH. */
static NTSTATUS BaseSrvpCaptureRequest(PBASESRV_SERVER Server, ULONG Flags, PCSTR DeviceName,
                                       PCSTR TargetPath, PBASESRV_REQUEST Req)
{
    PCSTR Prefix = (Flags & DDD_RAW_TARGET_PATH) ? "" : BASESRV_DOSDEVICES;
    SIZE_T PrefixLength = strlen(Prefix), Length;

    memset(Req, 0, sizeof(*Req));
    if ((Flags & ~DDD_VALID_FLAGS) != 0 ||
        ((Flags & DDD_EXACT_MATCH_ON_REMOVE) && !(Flags & DDD_REMOVE_DEFINITION)))
        return STATUS_INVALID_PARAMETER;
    Length = TargetPath ? strlen(TargetPath) : 0;
    if (Length == 0 && !(Flags & DDD_REMOVE_DEFINITION))
        return STATUS_INVALID_PARAMETER;
    if (Length != 0 && PrefixLength + Length >= sizeof(Req->Target))
        return STATUS_INVALID_PARAMETER;
    if (Length != 0) {
        memcpy(Req->Target, Prefix, PrefixLength);
        memcpy(Req->Target + PrefixLength, TargetPath, Length + 1);
    }
    Req->Flags = Flags;
    Req->Drive = BaseSrvpDriveIndex(DeviceName);
    Req->CallerProcessId = Server->Env->CallerProcessId(Server->Env->Context);
    Req->CallerLogonId = Server->Env->CallerLogonId(Server->Env->Context);
    return BaseSrvpLinkName(DeviceName, Req->LinkName, sizeof(Req->LinkName));
}

/* DefineDosDevice, the server side. NTSTATUS; user/lib maps it to Win32. */
NTSTATUS BaseSrvDefineDosDevice(PBASESRV_SERVER Server, ULONG Flags, PCSTR DeviceName,
                                PCSTR TargetPath)
{
    BASESRV_REQUEST Req;
    NTSTATUS Status;

    Status = BaseSrvpCaptureRequest(Server, Flags, DeviceName, TargetPath, &Req);
    if (!NT_SUCCESS(Status))
        return Status;
    if (Req.Drive < 0)
        return BaseSrvpCheckAndSet(Server, &Req);
    if (Server->Variant == BaseSrvSp)
        return BaseSrvpTransitionSp(Server, &Req);
    return BaseSrvpTransitionRtm(Server, &Req);
}

/* A letter that already has a link (defined before CSRSS ran) belongs to
   the system. Runs before any client can call, so takes no lock. */
NTSTATUS BaseSrvInitialize(PBASESRV_SERVER Server, BASESRV_VARIANT Variant, PBASESRV_ENV Env)
{
    BASESRV_REQUEST Req;
    ULONG Drive;
    NTSTATUS Status;

    memset(Server, 0, sizeof(*Server));
    Server->Variant = Variant;
    Server->Env = Env;
    for (Drive = 0; Drive < BASESRV_DRIVES; Drive++) {
        CHAR Name[3] = { (CHAR)('A' + Drive), ':', '\0' };

        memset(&Req, 0, sizeof(Req));
        BaseSrvpLinkName(Name, Req.LinkName, sizeof(Req.LinkName));
        Status = BaseSrvpReadLink(Server, &Req);
        if (!NT_SUCCESS(Status))
            return Status;
        if (Req.LinkExisted) {
            Server->Drives[Drive].State = BaseSrvDriveInUse;
            Server->Drives[Drive].References = BaseSrvpListCount(&Req.Targets);
            BaseSrvpLearnType(Server, &Req);
            Server->Drives[Drive].DriveType = Req.DriveType;
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS BaseSrvParseVariant(PCSTR Name, BASESRV_VARIANT *Variant)
{
    if (strcmp(Name, "rtm") == 0)
        *Variant = BaseSrvRtm;
    else if (strcmp(Name, "sp") == 0)
        *Variant = BaseSrvSp;
    else
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

PCSTR BaseSrvVariantName(BASESRV_VARIANT Variant)
{
    return Variant == BaseSrvSp ? "sp" : "rtm";
}

PCSTR BaseSrvDriveStateName(ULONG State)
{
    static const PCSTR Names[] = { "free", "connecting", "in-use", "disconnecting" };

    return State < ARRAYSIZE(Names) ? Names[State] : "?";
}
