/*
 * targets.c - DOS device names and the push-down target list.
 *
 * A DOS device name ("X:", "LPT1", "FOO") is the link \DosDevices\NAME.
 * Its link's target holds every definition of the name, newest first
 * (BASESRV_TARGET_LIST): DefineDosDevice pushes a target in front, and a
 * remove drops the first match - the equal target with
 * DDD_EXACT_MATCH_ON_REMOVE, else the first target the given one is a
 * prefix of, else (no target given) the newest. These are the semantics
 * of NT's and ReactOS's basesrv; the functions here are pure, so the host
 * tests call them directly.
 *
 * Interface: BaseSrvpDriveIndex, BaseSrvpLinkName, BaseSrvpEqualNoCase,
 * BaseSrvpListCount, BaseSrvpListNext, BaseSrvpListPush, BaseSrvpListRemove.
 */
#include <string.h>

#include "basesrv.h"

static CHAR BaseSrvpUpcase(CHAR C)
{
    return (C >= 'a' && C <= 'z') ? (CHAR)(C - 'a' + 'A') : C;
}

/* The drive index (0 for A:) of a name that is a drive letter, else -1. */
LONG BaseSrvpDriveIndex(PCSTR DeviceName)
{
    CHAR Letter;

    if (DeviceName == NULL || strlen(DeviceName) != 2 || DeviceName[1] != ':')
        return -1;
    Letter = BaseSrvpUpcase(DeviceName[0]);
    if (Letter < 'A' || Letter > 'Z')
        return -1;
    return Letter - 'A';
}

/* \DosDevices\NAME, with a drive letter upcased (names compare without
   case; the table and the audit want one spelling). */
NTSTATUS BaseSrvpLinkName(PCSTR DeviceName, PCHAR LinkName, ULONG Size)
{
    SIZE_T Prefix = sizeof(BASESRV_DOSDEVICES) - 1;
    SIZE_T Length;

    if (DeviceName == NULL)
        return STATUS_OBJECT_NAME_INVALID;
    Length = strlen(DeviceName);
    if (Length == 0 || Length >= BASESRV_MAX_NAME || strchr(DeviceName, '\\') != NULL)
        return STATUS_OBJECT_NAME_INVALID;
    if (Prefix + Length + 1 > Size)
        return STATUS_BUFFER_TOO_SMALL;
    memcpy(LinkName, BASESRV_DOSDEVICES, Prefix);
    memcpy(LinkName + Prefix, DeviceName, Length + 1);
    if (BaseSrvpDriveIndex(DeviceName) >= 0)
        LinkName[Prefix] = BaseSrvpUpcase(DeviceName[0]);
    return STATUS_SUCCESS;
}

/* The first Count characters of A and B are equal, ignoring case. */
BOOLEAN BaseSrvpEqualNoCase(PCSTR A, PCSTR B, SIZE_T Count)
{
    SIZE_T I;

    for (I = 0; I < Count; I++) {
        if (BaseSrvpUpcase(A[I]) != BaseSrvpUpcase(B[I]))
            return FALSE;
        if (A[I] == '\0')
            return TRUE;
    }
    return TRUE;
}

/* The entry after Entry, or the first when Entry is NULL; NULL at the end. */
PCSTR BaseSrvpListNext(const BASESRV_TARGET_LIST *List, PCSTR Entry)
{
    PCSTR End = List->Buffer + List->Length;
    PCSTR Next = Entry == NULL ? List->Buffer : Entry + strlen(Entry) + 1;

    return Next < End ? Next : NULL;
}

ULONG BaseSrvpListCount(const BASESRV_TARGET_LIST *List)
{
    PCSTR Entry;
    ULONG Count = 0;

    for (Entry = BaseSrvpListNext(List, NULL); Entry; Entry = BaseSrvpListNext(List, Entry))
        Count++;
    return Count;
}

/* Push Target in front of the list. */
NTSTATUS BaseSrvpListPush(PBASESRV_TARGET_LIST List, PCSTR Target)
{
    SIZE_T Size = strlen(Target) + 1;

    if (Size == 1 || Size > BASESRV_MAX_PATH || List->Length + Size > sizeof(List->Buffer))
        return STATUS_INVALID_PARAMETER;
    memmove(List->Buffer + Size, List->Buffer, List->Length);
    memcpy(List->Buffer, Target, Size);
    List->Length += (ULONG)Size;
    return STATUS_SUCCESS;
}

static BOOLEAN BaseSrvpMatches(PCSTR Entry, PCSTR Target, BOOLEAN Exact)
{
    SIZE_T Length;

    if (Target == NULL || Target[0] == '\0')
        return TRUE;
    Length = strlen(Target);
    if (Exact)
        return strlen(Entry) == Length && BaseSrvpEqualNoCase(Entry, Target, Length);
    return BaseSrvpEqualNoCase(Entry, Target, Length);
}

/* Drop the first entry that matches Target (exactly, or as its prefix);
   with no Target, the newest. FALSE when nothing matched. */
BOOLEAN BaseSrvpListRemove(PBASESRV_TARGET_LIST List, PCSTR Target, BOOLEAN Exact)
{
    PCSTR Entry;
    SIZE_T Size, Offset;

    for (Entry = BaseSrvpListNext(List, NULL); Entry; Entry = BaseSrvpListNext(List, Entry)) {
        if (!BaseSrvpMatches(Entry, Target, Exact))
            continue;
        Size = strlen(Entry) + 1;
        Offset = (SIZE_T)(Entry - List->Buffer);
        memmove(List->Buffer + Offset, List->Buffer + Offset + Size,
                List->Length - Offset - Size);
        List->Length -= (ULONG)Size;
        return TRUE;
    }
    return FALSE;
}
