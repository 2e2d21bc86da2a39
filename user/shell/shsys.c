/*
 * shsys.c - the shell's views of the kernel: ps, irps, handles, pool, mem,
 * pci. Each asks NtQuerySystemInformation for one of irplab's classes
 * (include/ntsysinfo.h) - an array of fixed-size records - growing its
 * buffer as NT's callers do while the answer is STATUS_INFO_LENGTH_MISMATCH,
 * and prints a table.
 *
 * Interface: ShPs, ShIrps, ShHandles, ShPool, ShMem, ShPci (shell.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include "ntob.h"
#include "user/shell/shell.h"

#define SH_QUERY_ROUNDS 8       /* a class that keeps growing faster gives up */

/* The answer of Class in a malloc'd buffer (the caller frees it) with the
   number of its records of RecordSize; NULL after one line saying why. */
static PVOID ShQuery(ULONG Class, ULONG RecordSize, ULONG *Count)
{
    ULONG length = 16 * RecordSize, needed = 0, round;
    NTSTATUS status = STATUS_INFO_LENGTH_MISMATCH;
    PVOID buffer = NULL;

    for (round = 0; round < SH_QUERY_ROUNDS && status == STATUS_INFO_LENGTH_MISMATCH; round++) {
        free(buffer);
        buffer = malloc(length);
        if (buffer == NULL) {
            printf("shell: out of memory\n");
            return NULL;
        }
        status = NtQuerySystemInformation(Class, buffer, length, &needed);
        length = needed + 8 * RecordSize;   /* room for a few more next time */
    }
    if (!NT_SUCCESS(status)) {
        printf("shell: system information 0x%lx: status 0x%08lx\n", (unsigned long)Class,
               (unsigned long)status);
        free(buffer);
        return NULL;
    }
    *Count = needed / RecordSize;
    return buffer;
}

VOID ShPs(int Argc, char **Argv)
{
    ULONG n, i;
    SYSTEM_IRPLAB_PROCESS *p = ShQuery(SystemIrplabProcessInformation, sizeof(*p), &n);

    if (p == NULL)
        return;
    printf("PID   IMAGE            BASE        THREADS  HANDLES  PAGES  USER\n");
    for (i = 0; i < n; i++) {
        char base[12] = "-";

        if (p[i].ImageBase != 0)
            snprintf(base, sizeof(base), "0x%08lx", (unsigned long)p[i].ImageBase);
        printf("%-5lu %-16.16s %-11s %-8lu %-8lu %-6lu %.32s%s\n",
               (unsigned long)p[i].UniqueProcessId, p[i].ImageFileName, base,
               (unsigned long)p[i].Threads, (unsigned long)p[i].Handles,
               (unsigned long)p[i].Pages, p[i].UserName, p[i].Exiting ? " (exiting)" : "");
    }
    free(p);
}

/* NT's names of the major functions irplab's drivers are sent. */
static PCSTR ShMajorName(UCHAR Major)
{
    static const char *const names[] = {
        [0x00] = "CREATE", [0x02] = "CLOSE", [0x03] = "READ", [0x04] = "WRITE",
        [0x05] = "QUERY_INFORMATION", [0x06] = "SET_INFORMATION", [0x09] = "FLUSH_BUFFERS",
        [0x0A] = "QUERY_VOLUME_INFORMATION", [0x0C] = "DIRECTORY_CONTROL",
        [0x0D] = "FILE_SYSTEM_CONTROL", [0x0E] = "DEVICE_CONTROL", [0x12] = "CLEANUP",
    };

    return Major < ARRAYSIZE(names) && names[Major] != NULL ? names[Major] : "?";
}

VOID ShIrps(int Argc, char **Argv)
{
    ULONG n, i;
    SYSTEM_IRPLAB_IRP *r = ShQuery(SystemIrplabIrpInformation, sizeof(*r), &n);

    if (r == NULL)
        return;
    printf("IRP     MAJOR                     DEVICE                 LEVEL  TID   PID   "
           "STATUS      STATE\n");
    for (i = 0; i < n; i++) {
        char level[8];

        snprintf(level, sizeof(level), "%u/%u", r[i].Level, r[i].StackCount);
        printf("%-7lu %-25s %-22s %-6s %-5lu %-5lu 0x%08lx %s%s%s%s\n", (unsigned long)r[i].Id,
               ShMajorName(r[i].MajorFunction), r[i].Device[0] ? r[i].Device : "-", level,
               (unsigned long)r[i].ThreadId, (unsigned long)r[i].ProcessId,
               (unsigned long)r[i].Status,
               (r[i].Flags & IRPLAB_IRP_PENDING) ? "pending" : "in dispatch",
               (r[i].Flags & IRPLAB_IRP_CANCELABLE) ? " cancelable" : "",
               (r[i].Flags & IRPLAB_IRP_CANCEL) ? " cancelled" : "",
               (r[i].Flags & IRPLAB_IRP_COMPLETED) ? " completed" : "");
    }
    printf("%lu IRP%s alive\n", (unsigned long)n, n == 1 ? "" : "s");
    free(r);
}

VOID ShHandles(int Argc, char **Argv)
{
    ULONG n, i;
    SYSTEM_IRPLAB_HANDLE *h = ShQuery(SystemIrplabHandleInformation, sizeof(*h), &n);

    if (h == NULL)
        return;
    printf("PID   HANDLE      ACCESS      TYPE           NAME\n");
    for (i = 0; i < n; i++)
        printf("%-5lu 0x%08lx  0x%08lx  %-14.24s %s\n", (unsigned long)h[i].ProcessId,
               (unsigned long)h[i].Handle, (unsigned long)h[i].GrantedAccess, h[i].TypeName,
               h[i].Name[0] ? h[i].Name : "-");
    printf("%lu handle%s open\n", (unsigned long)n, n == 1 ? "" : "s");
    free(h);
}

VOID ShPool(int Argc, char **Argv)
{
    ULONG n, i;
    SYSTEM_IRPLAB_POOL_TAG *t = ShQuery(SystemIrplabPoolInformation, sizeof(*t), &n);

    if (t == NULL)
        return;
    printf("Tag   Allocs    Frees     Diff      Bytes\n");
    for (i = 0; i < n; i++) {
        char tag[5];

        for (int c = 0; c < 4; c++) {
            char ch = (char)(t[i].Tag >> (8 * c));
            tag[c] = ch >= 0x20 && ch < 0x7F ? ch : '.';
        }
        tag[4] = '\0';
        printf("%-4s  %-8lu  %-8lu  %-8lu  %lu\n", tag, (unsigned long)t[i].Allocs,
               (unsigned long)t[i].Frees, (unsigned long)(t[i].Allocs - t[i].Frees),
               (unsigned long)t[i].Bytes);
    }
    if (n == 0)
        printf("(no pool allocations yet)\n");
    free(t);
}

VOID ShMem(int Argc, char **Argv)
{
    ULONG n;
    SYSTEM_IRPLAB_MEMORY *m = ShQuery(SystemIrplabMemoryInformation, sizeof(*m), &n);

    if (m == NULL)
        return;
    printf("memory: %lu KiB usable, %lu KiB free, kernel image %lu KiB, heap %lu KiB\n",
           (unsigned long)m->TotalPages * 4, (unsigned long)m->FreePages * 4,
           (unsigned long)m->KernelPages * 4, (unsigned long)m->HeapPages * 4);
    free(m);
}

/* One line per function, as the kernel prints them at boot. */
VOID ShPci(int Argc, char **Argv)
{
    ULONG n, i;
    SYSTEM_IRPLAB_PCI_DEVICE *d = ShQuery(SystemIrplabPciInformation, sizeof(*d), &n);

    if (d == NULL)
        return;
    for (i = 0; i < n; i++) {
        printf("pci %02x:%02x.%x %04x:%04x %-11s class %02x.%02x irq %u", d[i].Bus, d[i].Device,
               d[i].Function, d[i].VendorId, d[i].DeviceId, d[i].ClassName, d[i].BaseClass,
               d[i].SubClass, d[i].InterruptLine);
        if (d[i].Bar0 & 1)
            printf(" io 0x%lx", (unsigned long)(d[i].Bar0 & ~3u));
        printf("\n");
    }
    free(d);
}
