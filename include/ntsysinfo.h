/*
 * ntsysinfo.h - NtQuerySystemInformation's classes. All of them are
 * irplab's own (NT's class numbers stop well below 0x1000): the state the
 * shell (user/shell) shows - processes, pool, memory, PCI devices, the
 * IRPs alive and every process's handles - and the base server variant
 * CSRSS runs.
 *
 * Every class but SystemBaseSrvInformation answers an array of fixed-size
 * records, one per thing, in the order the kernel keeps them; the count is
 * ReturnLength / sizeof(record). Sizing is NT's: a buffer too small for
 * the whole array gets STATUS_INFO_LENGTH_MISMATCH and, in ReturnLength,
 * the length that would have been needed at that moment (the caller grows
 * its buffer and asks again; the answer may have grown meanwhile).
 * An answer is a snapshot: things may come and go while it is taken.
 */
#ifndef NTSYSINFO_H
#define NTSYSINFO_H

#include "ntdef.h"

/* Which base server variant the machine booted with (basesrv=rtm|sp). */
#define SystemBaseSrvInformation    0x1000
typedef struct _SYSTEM_BASESRV_INFORMATION {
    ULONG Variant;              /* 0 rtm, 1 sp: BASESRV_VARIANT's values */
} SYSTEM_BASESRV_INFORMATION;

/* The processes, the System process first. */
#define SystemIrplabProcessInformation  0x1001
typedef struct _SYSTEM_IRPLAB_PROCESS {
    ULONG UniqueProcessId;
    CHAR ImageFileName[16];
    CHAR UserName[32];
    ULONG ImageBase;            /* 0: system threads only */
    ULONG Threads;
    ULONG Handles;
    ULONG Pages;                /* user pages it holds */
    BOOLEAN Exiting;
} SYSTEM_IRPLAB_PROCESS;

/* The kernel pool, per tag. */
#define SystemIrplabPoolInformation     0x1002
typedef struct _SYSTEM_IRPLAB_POOL_TAG {
    ULONG Tag;                  /* four characters, the first in the low byte */
    ULONG Allocs;
    ULONG Frees;
    ULONG Bytes;                /* outstanding */
} SYSTEM_IRPLAB_POOL_TAG;

/* Physical memory, in 4 KiB pages: one record. */
#define SystemIrplabMemoryInformation   0x1003
typedef struct _SYSTEM_IRPLAB_MEMORY {
    ULONG TotalPages;           /* usable RAM */
    ULONG FreePages;
    ULONG KernelPages;          /* the kernel image */
    ULONG HeapPages;            /* the kernel's C heap (pool) */
} SYSTEM_IRPLAB_MEMORY;

/* The PCI functions found at boot. */
#define SystemIrplabPciInformation      0x1004
typedef struct _SYSTEM_IRPLAB_PCI_DEVICE {
    UCHAR Bus, Device, Function, InterruptLine;
    USHORT VendorId, DeviceId;
    UCHAR BaseClass, SubClass;
    CHAR ClassName[14];         /* the HAL's name for the class: "isa bridge" */
    ULONG Bar0;
} SYSTEM_IRPLAB_PCI_DEVICE;

/* The IRPs alive, oldest first. */
#define SystemIrplabIrpInformation      0x1005
#define IRPLAB_IRP_PENDING      0x01u   /* a driver marked it pending */
#define IRPLAB_IRP_CANCEL       0x02u   /* cancelled (asked to be) */
#define IRPLAB_IRP_CANCELABLE   0x04u   /* a cancel routine is set */
#define IRPLAB_IRP_COMPLETED    0x08u   /* completed, not yet freed */
typedef struct _SYSTEM_IRPLAB_IRP {
    ULONG Id;
    UCHAR MajorFunction;        /* of the level it is at (IRP_MJ_*, NT's numbers) */
    UCHAR Level;                /* 1: the top of the device stack */
    UCHAR StackCount;
    UCHAR Flags;                /* IRPLAB_IRP_* */
    NTSTATUS Status;            /* IoStatus.Status so far */
    ULONG ThreadId;             /* the issuing thread; 0 when none */
    ULONG ProcessId;            /* its process */
    CHAR Device[32];            /* the device it is at, by name ("" unnamed, not sent) */
} SYSTEM_IRPLAB_IRP;

/* Every process's handles, process by process. */
#define SystemIrplabHandleInformation   0x1006
typedef struct _SYSTEM_IRPLAB_HANDLE {
    ULONG ProcessId;
    ULONG Handle;
    ACCESS_MASK GrantedAccess;
    CHAR TypeName[24];          /* the object type: "File", "Port", ... */
    CHAR Name[128];             /* the object's full name; a file's device and path;
                                   "" when unnamed; cut at 127 characters */
} SYSTEM_IRPLAB_HANDLE;

NTSTATUS NtQuerySystemInformation(ULONG SystemInformationClass, PVOID SystemInformation,
                                  ULONG Length, PULONG ReturnLength);

#endif
