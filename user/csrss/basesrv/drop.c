/*
 * drop.c - dropping every definition a device serves from every drive
 * letter: what Client Services for NetWare asks of CSRSS when it stops
 * (user/csnw). NT's CSNW removed each of its letters itself, one
 * DefineDosDevice(DDD_REMOVE_DEFINITION | DDD_RAW_TARGET_PATH |
 * DDD_EXACT_MATCH_ON_REMOVE) per definition it remembered; it remembered
 * only what it had made, so a letter orphaned behind its back stayed.
 * Here the server sweeps the links themselves, in one critical section,
 * so that every definition under the device goes, remembered or not.
 *
 * A definition is under the device when the device's name is its prefix
 * up to a backslash or its end ("\Device\NwRdr" takes
 * "\Device\NwRdr\;X:\NWSERVER\SYS", not "\Device\NwRdr2"), without case.
 * Per letter: the other definitions stay, in their order; the link is
 * deleted and, when some are left, created again with them; the entry is
 * freed when nothing is left, else in use with one reference per
 * definition left, its owner kept, and its type learnt again (asked as the
 * caller) when the top changed. A define of the letter still in flight in
 * rtm (between its check and its set) can write back what its check read,
 * as it can over any other caller's change (dosdev.c).
 *
 * Only the SYSTEM logon session may ask (STATUS_ACCESS_DENIED): a service
 * does, never a user's program.
 *
 * Interface: BaseSrvDropDevice (basesrv.h).
 */
#include <string.h>

#include "basesrv.h"

/* Target is Device itself or lies below it. */
static BOOLEAN BaseSrvpUnderDevice(PCSTR Target, PCSTR Device, SIZE_T Length)
{
    return BaseSrvpEqualNoCase(Target, Device, Length) &&
           (Target[Length] == '\0' || Target[Length] == '\\');
}

/* Copy the definitions of List that are not under Device into Kept; how
   many were left out. */
static ULONG BaseSrvpFilterList(const BASESRV_TARGET_LIST *List, PCSTR Device,
                                PBASESRV_TARGET_LIST Kept)
{
    SIZE_T Length = strlen(Device);
    PCSTR Entry;
    ULONG Dropped = 0;

    Kept->Length = 0;
    for (Entry = BaseSrvpListNext(List, NULL); Entry; Entry = BaseSrvpListNext(List, Entry)) {
        SIZE_T Size = strlen(Entry) + 1;

        if (BaseSrvpUnderDevice(Entry, Device, Length)) {
            Dropped++;
            continue;
        }
        memcpy(Kept->Buffer + Kept->Length, Entry, Size);
        Kept->Length += (ULONG)Size;
    }
    return Dropped;
}

/* The entry after the link was rewritten with Kept (Status: the create's). */
static VOID BaseSrvpDropEntry(PBASESRV_SERVER Server, ULONG Drive, PCSTR OldTop,
                              const BASESRV_TARGET_LIST *Kept, NTSTATUS Status)
{
    PBASESRV_DRIVE_ENTRY Entry = &Server->Drives[Drive];
    PBASESRV_ENV Env = Server->Env;
    PCSTR Top = BaseSrvpListNext(Kept, NULL);

    if (!NT_SUCCESS(Status) || Top == NULL) {
        memset(Entry, 0, sizeof(*Entry));
        return;
    }
    Entry->State = BaseSrvDriveInUse;
    Entry->References = BaseSrvpListCount(Kept);
    if (strcmp(Top, OldTop) != 0) {
        Env->Yield(Env->Context);
        Entry->DriveType = Env->QueryTargetType(Env->Context, Top);
    }
}

/* One letter; the basesrv lock held. */
static NTSTATUS BaseSrvpDropLetter(PBASESRV_SERVER Server, ULONG Drive, PCSTR Device,
                                   PULONG Definitions)
{
    CHAR LinkName[sizeof(BASESRV_DOSDEVICES) + 3] = BASESRV_DOSDEVICES "?:";
    BASESRV_TARGET_LIST List, Kept;
    PBASESRV_ENV Env = Server->Env;
    ULONG Dropped;
    NTSTATUS Status;

    LinkName[sizeof(BASESRV_DOSDEVICES) - 1] = (CHAR)('A' + Drive);
    Env->Yield(Env->Context);
    Status = Env->QueryLink(Env->Context, LinkName, List.Buffer, sizeof(List.Buffer),
                            &List.Length);
    if (!NT_SUCCESS(Status))
        return Status == STATUS_OBJECT_NAME_NOT_FOUND ? STATUS_SUCCESS : Status;
    Dropped = BaseSrvpFilterList(&List, Device, &Kept);
    if (Dropped == 0)
        return STATUS_SUCCESS;
    Env->Yield(Env->Context);
    Status = Env->DeleteLink(Env->Context, LinkName);
    if (!NT_SUCCESS(Status) && Status != STATUS_OBJECT_NAME_NOT_FOUND)
        return Status;                          /* the link and the entry stay */
    Status = STATUS_SUCCESS;
    if (Kept.Length != 0) {
        Env->Yield(Env->Context);
        Status = Env->CreateLink(Env->Context, LinkName, Kept.Buffer, Kept.Length);
    }
    BaseSrvpDropEntry(Server, Drive, List.Buffer, &Kept, Status);
    *Definitions += Dropped;
    return Status;
}

/*
 * Drop every definition under Device from every drive letter. *Letters
 * counts the letters changed, *Definitions the definitions dropped. A
 * letter that fails does not stop the others; the first failure is the
 * answer.
 */
NTSTATUS BaseSrvDropDevice(PBASESRV_SERVER Server, PCSTR Device, PULONG Letters,
                           PULONG Definitions)
{
    PBASESRV_ENV Env = Server->Env;
    NTSTATUS Status, First = STATUS_SUCCESS;
    SIZE_T Length = Device != NULL ? strlen(Device) : 0;
    ULONG Drive, Before;

    *Letters = *Definitions = 0;
    if (Env->CallerLogonId(Env->Context) != BASESRV_SYSTEM_LOGON_ID)
        return STATUS_ACCESS_DENIED;
    if (Length < 2 || Length >= BASESRV_MAX_PATH || Device[0] != '\\' ||
        Device[Length - 1] == '\\')
        return STATUS_INVALID_PARAMETER;
    Env->Yield(Env->Context);
    Env->AcquireLock(Env->Context);
    for (Drive = 0; Drive < BASESRV_DRIVES; Drive++) {
        Before = *Definitions;
        Status = BaseSrvpDropLetter(Server, Drive, Device, Definitions);
        if (*Definitions != Before)
            (*Letters)++;
        if (!NT_SUCCESS(Status) && NT_SUCCESS(First))
            First = Status;
    }
    Env->Yield(Env->Context);
    Env->ReleaseLock(Env->Context);
    return First;
}
