/*
 * cim.c - the image `cim`: Compaq Insight Manager's agent, as Q150047 has
 * it: it never connects a drive, it only looks, periodically, at every
 * network drive the system shows - whoever's connection it is - and holds
 * each handle only for the moment of its question.
 *
 * Command line:
 *   cim PERIOD-MS ROUNDS
 * Each round enumerates the drives (GetLogicalDriveStringsA) and, for every
 * one GetDriveTypeA calls DRIVE_REMOTE, asks GetVolumeInformationA (the
 * label) and GetDiskFreeSpaceA; then it sleeps PERIOD-MS.
 *
 * Output lines (tests/test_progs.py and the scenario runner read them;
 * <N> <TEXT> is a Win32 error and its text from user/lib/winerror.c):
 *   CIM: <L>: <LABEL> <FREE> bytes free
 *   CIM: <L>: error <N> <TEXT>
 *   CIM: done, <R> rounds
 * and for bad arguments the one line
 *   usage: cim PERIOD-MS ROUNDS
 * Exit status: 0; 2 for bad arguments.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ntps.h"
#include "user/lib/kernel32.h"
#include "user/lib/winerror.h"

#define CIM_USAGE "usage: cim PERIOD-MS ROUNDS\n"

static BOOLEAN CimNumber(PCSTR Text, PULONG Value)
{
    char *end;

    if (Text[0] < '0' || Text[0] > '9')
        return FALSE;
    *Value = strtoul(Text, &end, 10);
    return *end == '\0';
}

static VOID CimSleep(ULONG Ms)
{
    LONG64 interval = -(LONG64)Ms * 10000;

    NtDelayExecution(FALSE, &interval);
}

/* Value in decimal into Out (the C library here prints no long long). */
static PCSTR CimDecimal(ULONG64 Value, CHAR *Out, SIZE_T Size)
{
    CHAR *p = Out + Size - 1;

    *p = '\0';
    do {
        *--p = (CHAR)('0' + Value % 10);
        Value /= 10;
    } while (Value != 0 && p > Out);
    return p;
}

/* One network drive's line ("X:\" is Root). */
static VOID CimLookAt(PCSTR Root)
{
    CHAR label[64], line[160], bytes[24];
    DWORD perCluster, perSector, free, total, error;

    if (GetVolumeInformationA(Root, label, sizeof(label), NULL, NULL, NULL, NULL, 0) &&
        GetDiskFreeSpaceA(Root, &perCluster, &perSector, &free, &total)) {
        snprintf(line, sizeof(line), "CIM: %.2s %s %s bytes free\n", Root, label,
                 CimDecimal((ULONG64)free * perCluster * perSector, bytes, sizeof(bytes)));
    } else {
        error = GetLastError();
        snprintf(line, sizeof(line), "CIM: %.2s error %lu %s\n", Root, (unsigned long)error,
                 BasepWin32ErrorText(error) ? BasepWin32ErrorText(error) : "");
    }
    fputs(line, stdout);
}

static VOID CimRound(VOID)
{
    CHAR drives[26 * 4 + 1];
    DWORD length = GetLogicalDriveStringsA(sizeof(drives), drives);

    if (length == 0 || length > sizeof(drives))
        return;
    for (PCSTR root = drives; *root != '\0'; root += strlen(root) + 1) {
        if (GetDriveTypeA(root) == DRIVE_REMOTE)
            CimLookAt(root);
    }
}

int main(int argc, char **argv)
{
    ULONG period, rounds, round;
    CHAR line[64];

    if (argc != 3 || !CimNumber(argv[1], &period) || !CimNumber(argv[2], &rounds)) {
        fputs(CIM_USAGE, stdout);
        return 2;
    }
    for (round = 0; round < rounds; round++) {
        CimRound();
        CimSleep(period);
    }
    snprintf(line, sizeof(line), "CIM: done, %lu rounds\n", (unsigned long)rounds);
    fputs(line, stdout);
    return 0;
}
