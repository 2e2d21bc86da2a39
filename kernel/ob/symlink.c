/*
 * symlink.c - symbolic link objects, and the drive map that follows the
 * links named \DosDevices\X:.
 *
 * A link holds an absolute target, fixed when it is created and stored in
 * the link's own block. Lookups reparse through links themselves (lookup.c),
 * under the namespace lock, so links need no ParseProcedure as NT's do.
 *
 * The drive map is what GetLogicalDrives and GetDriveType read (through
 * NtQueryInformationProcess later): a bit and a drive type per letter. A
 * letter's bit is set when a symbolic link named `X:` (one letter, either
 * case, and a colon) enters \DosDevices, and cleared when that name leaves
 * the directory - which for a temporary link is at its last handle's
 * close, not at its deletion. Nothing else touches the map, so it is
 * always exactly the set of drive links in \DosDevices, and both change
 * under the namespace lock together.
 *
 * The drive type comes from the target's prefix: under \Device\NwRdr or
 * \Device\LanmanRedirector it is DRIVE_REMOTE; anything else is counted
 * DRIVE_FIXED. NT asks the target device for its type instead; irplab has
 * no other kind of drive yet, and when it has (a CD-ROM, a RAM disk), this
 * is the one function to teach.
 *
 * Interface: ObSymbolicLinkObjectType, ObCreateSymbolicLinkObject,
 * ObQuerySymbolicLinkTarget, ObQueryDriveMap; for the rest of kernel/ob,
 * ObpCreateSymbolicLinkType, ObpDriveMapNameInserted, ObpDriveMapNameRemoved.
 */
#include <string.h>
#include "ob/ob.h"

POBJECT_TYPE ObSymbolicLinkObjectType;

static OB_DRIVE_MAP ObpDriveMap;    /* namespace lock */

NTSTATUS ObpCreateSymbolicLinkType(VOID)
{
    OBJECT_TYPE_INITIALIZER init = {
        .PoolTag = OB_TAG_SYMLINK,
        .GenericMapping = {
            STANDARD_RIGHTS_READ | SYMBOLIC_LINK_QUERY,
            STANDARD_RIGHTS_WRITE,
            STANDARD_RIGHTS_EXECUTE | SYMBOLIC_LINK_QUERY,
            SYMBOLIC_LINK_ALL_ACCESS,
        },
        .ValidAccessMask = SYMBOLIC_LINK_ALL_ACCESS,
    };

    return ObCreateObjectType("SymbolicLink", &init, &ObSymbolicLinkObjectType);
}

/*
 * A new link Name -> Target (a complete name; it need not exist). The rest
 * is ObInsertObjectInTable's: with Table a handle is made there; a
 * temporary link needs one, and its name leaves when the last handle
 * closes. NtCreateSymbolicLinkObject. A name that is taken gives
 * STATUS_OBJECT_NAME_COLLISION, whatever holds it.
 */
NTSTATUS ObCreateSymbolicLinkObject(PHANDLE_TABLE Table, PCSTRING Name, ULONG Attributes,
                                    ACCESS_MASK DesiredAccess, PCSTRING Target, PHANDLE Handle)
{
    POBJECT_SYMBOLIC_LINK link;
    STRING first = *Target;     /* a list "t1\0t2\0" (DefineDosDevice's): check t1 */
    NTSTATUS status;

    first.Length = Target->Buffer != NULL ? (USHORT)strnlen(Target->Buffer, Target->Length) : 0;
    status = ObpCheckName(&first);
    if (!NT_SUCCESS(status))
        return status;
    status = ObCreateObject(ObSymbolicLinkObjectType, Attributes,
                            sizeof(*link) + Target->Length, (PVOID *)&link);
    if (!NT_SUCCESS(status))
        return status;
    link->Target.Buffer = (PCHAR)(link + 1);
    link->Target.Length = link->Target.MaximumLength = Target->Length;
    memcpy(link->Target.Buffer, Target->Buffer, Target->Length);
    return ObInsertObjectInTable(link, Name, DesiredAccess, Table, NULL, Handle);
}

/*
 * Copies Link's target into Target (NUL-terminated when there is room);
 * *ReturnedLength (optional) gets the target's length. A Target too small
 * for it gives STATUS_BUFFER_TOO_SMALL and copies nothing, so the caller
 * can retry with the length. NtQuerySymbolicLinkObject.
 */
NTSTATUS ObQuerySymbolicLinkTarget(PVOID Link, PSTRING Target, PULONG ReturnedLength)
{
    POBJECT_SYMBOLIC_LINK link = Link;

    if (ObGetObjectType(Link) != ObSymbolicLinkObjectType)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (ReturnedLength != NULL)
        *ReturnedLength = link->Target.Length;
    if (Target->MaximumLength < link->Target.Length)
        return STATUS_BUFFER_TOO_SMALL;
    memcpy(Target->Buffer, link->Target.Buffer, link->Target.Length);
    Target->Length = link->Target.Length;
    if (Target->MaximumLength > Target->Length)
        Target->Buffer[Target->Length] = '\0';
    return STATUS_SUCCESS;
}

/* The drive index (0 for A) when Header is a link named `X:` in
   \DosDevices, else -1. Namespace lock. */
static LONG ObpDriveIndex(POBJECT_HEADER Header)
{
    CHAR letter;

    if (Header->Directory != ObpDosDevicesDirectory || Header->Type != ObSymbolicLinkObjectType ||
        Header->Name.Length != 2 || Header->Name.Buffer[1] != ':')
        return -1;
    letter = RtlUpperChar(Header->Name.Buffer[0]);
    return (letter >= 'A' && letter <= 'Z') ? letter - 'A' : -1;
}

/* TRUE when Target is Device or a path under it. */
static BOOLEAN ObpTargetIsUnder(PCSTRING Target, PCSTR Device)
{
    STRING prefix;

    RtlInitString(&prefix, Device);
    return RtlPrefixString(&prefix, Target, TRUE) &&
           (Target->Length == prefix.Length ||
            Target->Buffer[prefix.Length] == OBJ_NAME_PATH_SEPARATOR);
}

static UCHAR ObpDriveType(PCSTRING Target)
{
    if (ObpTargetIsUnder(Target, "\\Device\\NwRdr") ||
        ObpTargetIsUnder(Target, "\\Device\\LanmanRedirector"))
        return DRIVE_REMOTE;
    return DRIVE_FIXED;
}

/* Header's name just entered its directory. Namespace lock. */
VOID ObpDriveMapNameInserted(POBJECT_HEADER Header)
{
    LONG i = ObpDriveIndex(Header);

    if (i < 0)
        return;
    ObpDriveMap.DriveMap |= 1u << i;
    ObpDriveMap.DriveType[i] = ObpDriveType(&((POBJECT_SYMBOLIC_LINK)Header->Body)->Target);
}

/* Header's name is about to leave its directory. Namespace lock. */
VOID ObpDriveMapNameRemoved(POBJECT_HEADER Header)
{
    LONG i = ObpDriveIndex(Header);

    if (i < 0)
        return;
    ObpDriveMap.DriveMap &= ~(1u << i);
    ObpDriveMap.DriveType[i] = DRIVE_UNKNOWN;
}

VOID ObQueryDriveMap(POB_DRIVE_MAP DriveMap)
{
    ObpLockNamespace();
    *DriveMap = ObpDriveMap;
    ObpUnlockNamespace();
}
