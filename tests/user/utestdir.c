/*
 * utestdir.c - utest's case `directory`: NtOpenDirectoryObject and
 * NtQueryDirectoryObject from ring 3. The process makes a directory of its
 * own, \Windows\UtDir, with three links in it (all temporary: they go
 * with its handles), and lists it: one entry at a time with Context until
 * STATUS_NO_MORE_ENTRIES, all at once, in a buffer too small for one
 * (STATUS_BUFFER_TOO_SMALL and the length one needs) and for two
 * (STATUS_MORE_ENTRIES, then the rest from Context). Then the edges: a bad
 * handle, a handle of another type, a handle without DIRECTORY_QUERY, and
 * buffers it may not write (kernel, reserved but not committed,
 * misaligned), which leave its Context alone.
 */
#include <string.h>
#include "ntmm.h"
#include "ntob.h"
#include "tests/user/utest.h"

#define UT_DIR      "\\Windows\\UtDir"
#define UT_ENTRY    sizeof(OBJECT_DIRECTORY_INFORMATION)
#define UT_LINKS    3

/* The links in the order they are made, which is the listing's. */
static const char *const UtLinkNames[UT_LINKS] = { "ONE", "TWO", "THREE" };

static VOID UtName(PCSTR Path, PSTRING Name, POBJECT_ATTRIBUTES Oa)
{
    Name->Length = Name->MaximumLength = (USHORT)strlen(Path);
    Name->Buffer = (PCHAR)Path;
    InitializeObjectAttributes(Oa, Name, OBJ_CASE_INSENSITIVE, NULL, NULL);
}

static NTSTATUS UtOpenDirectory(PCSTR Path, ACCESS_MASK Access, PHANDLE Handle)
{
    OBJECT_ATTRIBUTES oa;
    STRING name;

    UtName(Path, &name, &oa);
    return NtOpenDirectoryObject(Handle, Access, &oa);
}

/* \Windows\UtDir and its links to \Device\Null. */
static int UtMakeDirectory(PHANDLE Directory, HANDLE Links[UT_LINKS])
{
    STRING name, target = { 12, 12, "\\Device\\Null" };
    OBJECT_ATTRIBUTES oa;
    char path[32];

    UtName(UT_DIR, &name, &oa);
    UT_CHECK(NtCreateDirectoryObject(Directory, DIRECTORY_ALL_ACCESS, &oa) == STATUS_SUCCESS);
    for (ULONG i = 0; i < UT_LINKS; i++) {
        strcpy(path, UT_DIR "\\");
        strcat(path, UtLinkNames[i]);
        UtName(path, &name, &oa);
        UT_CHECK(NtCreateSymbolicLinkObject(&Links[i], SYMBOLIC_LINK_ALL_ACCESS, &oa, &target) ==
                 STATUS_SUCCESS);
    }
    return 0;
}

/* String is Text, NUL-terminated inside the answer at Buffer (Size bytes),
   after the entries. */
static BOOLEAN UtStringIs(const STRING *String, PCSTR Text, const UCHAR *Buffer, ULONG Size,
                          ULONG Entries)
{
    ULONG length = strlen(Text);
    const UCHAR *at = (const UCHAR *)String->Buffer;

    return String->Length == length && String->MaximumLength == length + 1 &&
           at >= Buffer + (Entries + 1) * UT_ENTRY && at + length + 1 <= Buffer + Size &&
           memcmp(at, Text, length) == 0 && at[length] == '\0';
}

/* Entries entries in Buffer are the links from First on, and a zeroed one
   ends them. */
static BOOLEAN UtListed(const UCHAR *Buffer, ULONG Size, ULONG First, ULONG Entries)
{
    const OBJECT_DIRECTORY_INFORMATION *info = (const OBJECT_DIRECTORY_INFORMATION *)Buffer;
    static const OBJECT_DIRECTORY_INFORMATION zero;

    for (ULONG i = 0; i < Entries; i++) {
        if (!UtStringIs(&info[i].Name, UtLinkNames[First + i], Buffer, Size, Entries) ||
            !UtStringIs(&info[i].TypeName, "SymbolicLink", Buffer, Size, Entries))
            return FALSE;
    }
    return memcmp(&info[Entries], &zero, sizeof(zero)) == 0;
}

/* What the links from First to Last - 1 take in one answer. */
static ULONG UtSize(ULONG First, ULONG Last)
{
    ULONG size = UT_ENTRY;

    for (ULONG i = First; i < Last; i++)
        size += UT_ENTRY + strlen(UtLinkNames[i]) + 1 + sizeof("SymbolicLink");
    return size;
}

static int UtListOneByOne(HANDLE Directory)
{
    ULONG buffer[128], context = 77, length = 0;
    BOOLEAN restart = TRUE;
    ULONG i;

    for (i = 0; i < UT_LINKS; i++, restart = FALSE) {
        UT_CHECK(NtQueryDirectoryObject(Directory, buffer, sizeof(buffer), TRUE, restart,
                                        &context, &length) == STATUS_SUCCESS);
        UT_CHECK(context == i + 1 && length == UtSize(i, i + 1));
        UT_CHECK(UtListed((PUCHAR)buffer, length, i, 1));
    }
    UT_CHECK(NtQueryDirectoryObject(Directory, buffer, sizeof(buffer), TRUE, FALSE, &context,
                                    &length) == STATUS_NO_MORE_ENTRIES);
    UT_CHECK(context == UT_LINKS && length == 0);
    return 0;
}

static int UtListInBatches(HANDLE Directory)
{
    ULONG buffer[128], context = 0, length = 0;

    UT_CHECK(NtQueryDirectoryObject(Directory, buffer, sizeof(buffer), FALSE, TRUE, &context,
                                    &length) == STATUS_SUCCESS);
    UT_CHECK(context == UT_LINKS && length == UtSize(0, UT_LINKS));
    UT_CHECK(UtListed((PUCHAR)buffer, length, 0, UT_LINKS));
    /* Too small for one: what one needs, and Context stays. */
    context = 1;
    UT_CHECK(NtQueryDirectoryObject(Directory, buffer, 2 * UT_ENTRY, FALSE, FALSE, &context,
                                    &length) == STATUS_BUFFER_TOO_SMALL);
    UT_CHECK(context == 1 && length == UtSize(1, 2));
    UT_CHECK(NtQueryDirectoryObject(Directory, buffer, 0, TRUE, TRUE, &context, &length) ==
             STATUS_BUFFER_TOO_SMALL && context == 0 && length == UtSize(0, 1));
    /* Room for two: two, then the third from Context. */
    UT_CHECK(NtQueryDirectoryObject(Directory, buffer, UtSize(0, 2), FALSE, TRUE, &context,
                                    &length) == STATUS_MORE_ENTRIES);
    UT_CHECK(context == 2 && length == UtSize(0, 2) && UtListed((PUCHAR)buffer, length, 0, 2));
    UT_CHECK(NtQueryDirectoryObject(Directory, buffer, sizeof(buffer), FALSE, FALSE, &context,
                                    NULL) == STATUS_SUCCESS);
    UT_CHECK(context == UT_LINKS && UtListed((PUCHAR)buffer, UtSize(2, 3), 2, 1));
    return 0;
}

/* Handles that are not a directory opened for DIRECTORY_QUERY. */
static int UtBadHandles(HANDLE Link)
{
    ULONG buffer[64], context = 0, length = 0;
    HANDLE traverse, event;

    UT_CHECK(NtQueryDirectoryObject((HANDLE)0x7FF0, buffer, sizeof(buffer), FALSE, TRUE,
                                    &context, &length) == STATUS_INVALID_HANDLE);
    UT_CHECK(NtQueryDirectoryObject(Link, buffer, sizeof(buffer), FALSE, TRUE, &context,
                                    &length) == STATUS_OBJECT_TYPE_MISMATCH);
    UT_CHECK(NtCreateEvent(&event, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE) ==
             STATUS_SUCCESS);
    UT_CHECK(NtQueryDirectoryObject(event, buffer, sizeof(buffer), FALSE, TRUE, &context,
                                    &length) == STATUS_OBJECT_TYPE_MISMATCH);
    UT_CHECK(NtClose(event) == STATUS_SUCCESS);
    UT_CHECK(UtOpenDirectory(UT_DIR, DIRECTORY_TRAVERSE, &traverse) == STATUS_SUCCESS);
    UT_CHECK(NtQueryDirectoryObject(traverse, buffer, sizeof(buffer), FALSE, TRUE, &context,
                                    &length) == STATUS_ACCESS_DENIED);
    UT_CHECK(NtClose(traverse) == STATUS_SUCCESS);
    UT_CHECK(UtOpenDirectory(UT_DIR "\\NONE", DIRECTORY_QUERY, &traverse) ==
             STATUS_OBJECT_NAME_NOT_FOUND);
    return 0;
}

/* Buffers the kernel may not write: the call fails and Context stays. */
static int UtBadBuffers(HANDLE Directory)
{
    ULONG buffer[64], context = 1, length = 0;
    SIZE_T size = 4096;
    PVOID reserved = NULL;

    UT_CHECK(NtQueryDirectoryObject(Directory, (PVOID)KERNEL_ADDRESS, 256, FALSE, FALSE,
                                    &context, &length) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtAllocateVirtualMemory(NtCurrentProcess(), &reserved, 0, &size, MEM_RESERVE,
                                     PAGE_READWRITE) == STATUS_SUCCESS);
    UT_CHECK(NtQueryDirectoryObject(Directory, reserved, 256, FALSE, FALSE, &context, &length)
             == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtQueryDirectoryObject(Directory, (PUCHAR)buffer + 1, 64, FALSE, FALSE, &context,
                                    &length) == STATUS_DATATYPE_MISALIGNMENT);
    UT_CHECK(context == 1);
    UT_CHECK(NtQueryDirectoryObject(Directory, buffer, sizeof(buffer), FALSE, FALSE,
                                    (PULONG)KERNEL_ADDRESS, &length) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtQueryDirectoryObject(Directory, buffer, sizeof(buffer), FALSE, FALSE, &context,
                                    (PULONG)KERNEL_ADDRESS) == STATUS_ACCESS_VIOLATION);
    UT_CHECK(NtQueryDirectoryObject(Directory, buffer, sizeof(buffer), FALSE, FALSE,
                                    (PULONG)reserved, &length) == STATUS_ACCESS_VIOLATION);
    size = 0;
    UT_CHECK(NtFreeVirtualMemory(NtCurrentProcess(), &reserved, &size, MEM_RELEASE) ==
             STATUS_SUCCESS);
    return 0;
}

/* \DosDevices opens and lists; an empty directory has no entries. */
static int UtDosDevicesAndEmpty(VOID)
{
    ULONG buffer[256], context = 5, length = 7;
    STRING name;
    OBJECT_ATTRIBUTES oa;
    HANDLE dos, empty;
    NTSTATUS status;

    UT_CHECK(UtOpenDirectory("\\DosDevices", DIRECTORY_QUERY, &dos) == STATUS_SUCCESS);
    status = NtQueryDirectoryObject(dos, buffer, sizeof(buffer), FALSE, TRUE, &context, &length);
    UT_CHECK(status == STATUS_SUCCESS || status == STATUS_NO_MORE_ENTRIES);
    UT_CHECK(NtClose(dos) == STATUS_SUCCESS);
    UtName(UT_DIR "\\EMPTY", &name, &oa);
    UT_CHECK(NtCreateDirectoryObject(&empty, DIRECTORY_QUERY, &oa) == STATUS_SUCCESS);
    UT_CHECK(NtQueryDirectoryObject(empty, buffer, sizeof(buffer), FALSE, TRUE, &context,
                                    &length) == STATUS_NO_MORE_ENTRIES);
    UT_CHECK(context == 0 && length == 0);
    UT_CHECK(NtClose(empty) == STATUS_SUCCESS);
    return 0;
}

int UtDirectory(int argc, char **argv)
{
    HANDLE directory, links[UT_LINKS];
    int status = UtMakeDirectory(&directory, links);

    if (status == 0)
        status = UtListOneByOne(directory);
    if (status == 0)
        status = UtListInBatches(directory);
    if (status == 0)
        status = UtBadHandles(links[0]);
    if (status == 0)
        status = UtBadBuffers(directory);
    if (status == 0)
        status = UtDosDevicesAndEmpty();
    for (ULONG i = 0; status == 0 && i < UT_LINKS; i++)
        UT_CHECK(NtClose(links[i]) == STATUS_SUCCESS);
    if (status == 0)
        UT_CHECK(NtClose(directory) == STATUS_SUCCESS);
    return status;
}
