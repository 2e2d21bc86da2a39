/*
 * dosdev.c - DOS device names and drive letters, as kernel32 has them.
 *
 * DefineDosDevice is a request to CSRSS (basesrv). QueryDosDevice reads
 * the link itself, without CSRSS and without its lock, as kernel32 does:
 * the whole target list, newest first, each NUL-terminated, and one more
 * NUL. GetLogicalDrives and GetDriveType read the drive map
 * (NtQueryInformationProcess, ProcessDeviceMap).
 *
 * GetLogicalDriveStringsA, as documented: the characters stored without
 * the last NUL, or, when Length is too small (or Buffer NULL), the size
 * needed with it. GetDriveTypeA takes "X:\" and "x:" (what NT's path
 * conversion makes of both is the drive's root) and answers the drive
 * map's type, DRIVE_NO_ROOT_DIR for a letter not in it; a UNC root
 * "\\SERVER\VOLUME\" (the trailing backslash required, as Windows does)
 * is DRIVE_REMOTE when the caller has a connection to it. Deviations, on
 * purpose: irplab's processes have no current directory, so a NULL root
 * is DRIVE_NO_ROOT_DIR, not the current drive's type; there is no UNC
 * namespace (no MUP), so a UNC root none of the caller's connections
 * serves is DRIVE_NO_ROOT_DIR; a path below a root ("X:\DIR\") is
 * DRIVE_NO_ROOT_DIR, not its volume's type.
 *
 * QueryDosDeviceA(NULL, ...) lists \DosDevices itself, as kernel32 does
 * (NtOpenDirectoryObject, NtQueryDirectoryObject): the name of every
 * symbolic link in it (NT's kernel32 keeps only those), each
 * NUL-terminated, then one more NUL; the characters stored, all of them;
 * ERROR_INSUFFICIENT_BUFFER when they do not fit (a NULL buffer has no
 * room, where Windows would fault).
 *
 * Interface: see kernel32.h.
 */
#include <string.h>
#include <strings.h>

#include "ntob.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

NTSTATUS BasepDefineDosDevice(DWORD Flags, PCSTR DeviceName, PCSTR TargetPath)
{
    CSR_API_MSG msg;
    BASE_DEFINEDOSDEVICE_MSG *m = &msg.u.DefineDosDevice;

    memset(&msg, 0, sizeof(msg));
    if (DeviceName == NULL || strlen(DeviceName) >= sizeof(m->DeviceName) ||
        (TargetPath != NULL && strlen(TargetPath) >= sizeof(m->TargetPath)))
        return STATUS_INVALID_PARAMETER;
    m->Flags = Flags;
    strcpy(m->DeviceName, DeviceName);
    if (TargetPath != NULL)
        strcpy(m->TargetPath, TargetPath);
    return CsrClientCallServer(&msg, BasepDefineDosDeviceApi);
}

BOOL DefineDosDeviceA(DWORD Flags, PCSTR DeviceName, PCSTR TargetPath)
{
    NTSTATUS status;

    if ((Flags & ~DDD_VALID_FLAGS) != 0 ||
        ((Flags & DDD_EXACT_MATCH_ON_REMOVE) && !(Flags & DDD_REMOVE_DEFINITION))) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    status = BasepDefineDosDevice(Flags, DeviceName, TargetPath);
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    return TRUE;
}

/* The link \DosDevices\NAME's whole target list into Targets. */
NTSTATUS BasepQueryDosDevice(PCSTR DeviceName, PCHAR Targets, ULONG Size, PULONG Length)
{
    CHAR path[sizeof(BASESRV_DOSDEVICES) + BASESRV_MAX_NAME];
    STRING name, target = { 0, (USHORT)(Size > 0xFFFF ? 0xFFFF : Size), Targets };
    OBJECT_ATTRIBUTES oa;
    HANDLE link;
    NTSTATUS status;

    if (strlen(DeviceName) >= BASESRV_MAX_NAME)
        return STATUS_OBJECT_NAME_INVALID;
    strcpy(path, BASESRV_DOSDEVICES);
    strcat(path, DeviceName);
    name.Length = name.MaximumLength = (USHORT)strlen(path);
    name.Buffer = path;
    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtOpenSymbolicLinkObject(&link, SYMBOLIC_LINK_QUERY, &oa);
    if (!NT_SUCCESS(status))
        return status;
    status = NtQuerySymbolicLinkObject(link, &target, Length);
    NtClose(link);
    return status;
}

/* Name after the *Used characters in Names, with its NUL, if there is
   room for it and for the list's last NUL. */
static NTSTATUS BasepAppendName(PCHAR Names, ULONG Max, PULONG Used, PCSTRING Name)
{
    if (*Used + Name->Length + 1 >= Max)
        return STATUS_BUFFER_TOO_SMALL;
    memcpy(Names + *Used, Name->Buffer, Name->Length);
    Names[*Used + Name->Length] = '\0';
    *Used += Name->Length + 1;
    return STATUS_SUCCESS;
}

/* Every name in \DosDevices into Names, each NUL-terminated, then one
   more NUL; *Stored is the characters stored. The listing is taken in
   batches; one always holds an entry (a name is shorter than a path). */
static NTSTATUS BasepListDosDevices(PCHAR Names, ULONG Max, PULONG Stored)
{
    ULONG listing[1024 / sizeof(ULONG)];        /* aligned for the entries' STRINGs */
    STRING name = { 11, 11, "\\DosDevices" };
    POBJECT_DIRECTORY_INFORMATION info;
    OBJECT_ATTRIBUTES oa;
    ULONG context = 0, used = 0;
    BOOLEAN restart;
    HANDLE dir;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, &name, OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = NtOpenDirectoryObject(&dir, DIRECTORY_QUERY, &oa);
    if (!NT_SUCCESS(status))
        return status;
    for (restart = TRUE; NT_SUCCESS(status); restart = FALSE) {
        status = NtQueryDirectoryObject(dir, listing, sizeof(listing), FALSE, restart, &context,
                                        NULL);
        for (info = (POBJECT_DIRECTORY_INFORMATION)listing;
             NT_SUCCESS(status) && info->Name.Buffer != NULL; info++) {
            if (info->TypeName.Length == 12 && memcmp(info->TypeName.Buffer, "SymbolicLink", 12) == 0)
                status = BasepAppendName(Names, Max, &used, &info->Name);
        }
    }
    NtClose(dir);
    if (status != STATUS_NO_MORE_ENTRIES)
        return status;
    if (used + 1 > Max)
        return STATUS_BUFFER_TOO_SMALL;
    Names[used++] = '\0';
    *Stored = used;
    return STATUS_SUCCESS;
}

/* The characters stored: the list and its final extra NUL; 0 on error. */
DWORD QueryDosDeviceA(PCSTR DeviceName, PCHAR TargetPath, DWORD Max)
{
    ULONG length = 0;
    NTSTATUS status;

    if (DeviceName == NULL) {
        status = BasepListDosDevices(TargetPath, TargetPath != NULL ? Max : 0, &length);
        if (!NT_SUCCESS(status))
            BaseSetLastNtError(status);
        return NT_SUCCESS(status) ? length : 0;
    }
    if (TargetPath == NULL || Max == 0) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return 0;
    }
    status = BasepQueryDosDevice(DeviceName, TargetPath, Max - 1, &length);
    if (NT_SUCCESS(status) && length + 1 > Max)
        status = STATUS_BUFFER_TOO_SMALL;
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return 0;
    }
    if (length == 0 || TargetPath[length - 1] != '\0')
        TargetPath[length++] = '\0';        /* a link made without the list's NUL */
    TargetPath[length] = '\0';
    return length + 1;
}

static BOOLEAN BasepDriveMap(POB_DRIVE_MAP Map)
{
    NTSTATUS status = NtQueryInformationProcess(NtCurrentProcess(), ProcessDeviceMap, Map,
                                                sizeof(*Map), NULL);

    if (!NT_SUCCESS(status))
        BaseSetLastNtError(status);
    return NT_SUCCESS(status);
}

DWORD GetLogicalDrives(VOID)
{
    OB_DRIVE_MAP map;

    return BasepDriveMap(&map) ? map.DriveMap : 0;
}

/* "A:\", "C:\", ... each NUL-terminated, then a NUL. */
DWORD GetLogicalDriveStringsA(DWORD Length, PCHAR Buffer)
{
    DWORD drives = GetLogicalDrives(), used = 0, i;

    for (i = 0; i < 26; i++)
        used += (drives >> i) & 1 ? 4 : 0;
    if (Buffer == NULL || used + 1 > Length)
        return used + 1;
    for (i = 0, used = 0; i < 26; i++) {
        if ((drives >> i) & 1) {
            memcpy(Buffer + used, "A:\\", 4);
            Buffer[used] = (CHAR)('A' + i);
            used += 4;
        }
    }
    Buffer[used] = '\0';
    return used;
}

/* "\\SERVER\VOLUME\": one of the caller's connections serves it. */
static UINT BasepUncDriveType(PCSTR Root)
{
    UCHAR listing[sizeof(NWR_CONNECTION_LIST) + 26 * sizeof(NWR_CONNECTION_INFO)];
    PNWR_CONNECTION_LIST list = (PNWR_CONNECTION_LIST)listing;
    SIZE_T length = strlen(Root);
    PCSTR volume = strchr(Root + 2, '\\');
    DWORD error = GetLastError();

    if (volume == NULL || volume == Root + 2 || volume[1] == '\\' ||
        strchr(volume + 1, '\\') != Root + length - 1 || Root + length - 1 == volume + 1)
        return DRIVE_NO_ROOT_DIR;
    if (NwpEnumConnections(list, sizeof(listing)) != ERROR_SUCCESS)
        list->Count = 0;
    SetLastError(error);
    for (ULONG i = 0; i < list->Count && i < 26; i++) {
        if (strlen(list->Entries[i].RemoteName) == length - 1 &&
            strncasecmp(list->Entries[i].RemoteName, Root, length - 1) == 0)
            return DRIVE_REMOTE;
    }
    return DRIVE_NO_ROOT_DIR;
}

UINT GetDriveTypeA(PCSTR RootPathName)
{
    OB_DRIVE_MAP map;
    CHAR letter = RootPathName != NULL ? RootPathName[0] : '\0';

    if (RootPathName != NULL && RootPathName[0] == '\\' && RootPathName[1] == '\\')
        return BasepUncDriveType(RootPathName);
    if (letter >= 'a' && letter <= 'z')
        letter = (CHAR)(letter - 'a' + 'A');
    if (letter < 'A' || letter > 'Z' || RootPathName[1] != ':' ||
        (RootPathName[2] != '\0' && strcmp(RootPathName + 2, "\\") != 0) ||
        !BasepDriveMap(&map))
        return DRIVE_NO_ROOT_DIR;
    if (!((map.DriveMap >> (letter - 'A')) & 1))
        return DRIVE_NO_ROOT_DIR;
    return map.DriveType[letter - 'A'];
}

/* irplab's: CSRSS's drive audit (basemsg.h), one request per letter, for
   tests and the console; *Orphans counts the letters with an orphan bit. */
BOOL BaseAuditDrives(BASESRV_DRIVE_AUDIT Audit[BASESRV_DRIVES], PULONG Orphans)
{
    CSR_API_MSG msg;
    NTSTATUS status;
    ULONG drive;

    *Orphans = 0;
    for (drive = 0; drive < BASESRV_DRIVES; drive++) {
        memset(&msg, 0, sizeof(msg));
        msg.u.AuditDrive.Drive = drive;
        status = CsrClientCallServer(&msg, BasepAuditDriveApi);
        if (!NT_SUCCESS(status)) {
            BaseSetLastNtError(status);
            return FALSE;
        }
        Audit[drive] = msg.u.AuditDrive.Audit;
        *Orphans += Audit[drive].Orphan != 0;
    }
    return TRUE;
}

/* irplab's: CSRSS drops every definition under Device (basemsg.h) from
   every drive letter - Client Services for NetWare's stop. The SYSTEM
   logon session only (else ERROR_ACCESS_DENIED). */
BOOL BaseDropDeviceDefinitions(PCSTR Device, PULONG Letters, PULONG Definitions)
{
    CSR_API_MSG msg;
    BASE_DROPDEVICE_MSG *m = &msg.u.DropDevice;
    NTSTATUS status;

    *Letters = *Definitions = 0;
    memset(&msg, 0, sizeof(msg));
    if (Device == NULL || strlen(Device) >= sizeof(m->Device)) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    strcpy(m->Device, Device);
    status = CsrClientCallServer(&msg, BasepDropDeviceApi);
    *Letters = m->Letters;
    *Definitions = m->Definitions;
    if (!NT_SUCCESS(status)) {
        BaseSetLastNtError(status);
        return FALSE;
    }
    return TRUE;
}
