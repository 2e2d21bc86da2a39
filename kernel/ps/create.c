/*
 * create.c - processes that run an image, and threads that run in ring 3.
 *
 * PsCreateUserProcess makes a process from a boot image in one step: the
 * process object with its own address space, the image mapped (image.c),
 * the PEB and the process parameters (image name and command line) written
 * into the process's memory, a user stack, and the first thread at the
 * image's entry point with the PEB's address as its one argument. The new
 * process inherits the token it is given (its creator's, for a native
 * call).
 *
 * A thread in ring 3 is a thread object whose kernel side starts in
 * PspUserThreadStartup: it builds the ring-3 trap frame at the top of its
 * kernel stack and leaves through it (KeEnterUserMode), at its start
 * address, on its user stack, with FS on its TEB. The TEB is a page of the
 * process's memory, made with the thread; the stack is the creator's
 * (INITIAL_TEB). The words [0, Parameter] at the top of the stack make the
 * start address look called with Parameter (cdecl); its return would go to
 * 0, so a start routine must end its thread (ntdll's does).
 *
 * Interface: PsCreateUserProcess, NtCreateUserProcess, NtCreateThread.
 */
#include <string.h>
#include "boot/i386.h"
#include "ex/ex.h"
#include "ntmm.h"
#include "ps/ps.h"

#define PEB_ADDRESS         0x7FFDF000u
#define TEB_HIGHEST         0x7FFDE000u
#define USER_STACK_RESERVE  (256u * 1024)
#define USER_STACK_COMMIT   (64u * 1024)
#define MAX_COMMAND_LINE    1024

/* In the new thread, at PASSIVE_LEVEL: into ring 3 for good. */
static VOID PspUserThreadStartup(PVOID Context)
{
    PETHREAD t = Context;
    KTRAP_FRAME *f = t->Tcb.TrapFrame;

    memset(f, 0, sizeof(*f));
    f->Eip = (ULONG)t->StartAddress;
    f->SegCs = KGDT_R3_CODE;
    f->EFlags = EFLAGS_IF | 0x2;
    f->HardwareEsp = t->UserStack;
    f->HardwareSegSs = KGDT_R3_DATA;
    f->SegDs = f->SegEs = f->SegGs = KGDT_R3_DATA;
    f->SegFs = KGDT_R3_TEB;
    KeEnterUserMode(f);
}

/* A TEB page for a thread that will run on Stack: NtTib and the PEB. */
static NTSTATUS PspCreateTeb(PEPROCESS p, const INITIAL_TEB *Stack, ULONG *Teb)
{
    TEB teb;
    NTSTATUS status = MmCreatePebOrTeb(&p->Vm, TEB_HIGHEST, Teb);

    if (!NT_SUCCESS(status))
        return status;
    memset(&teb, 0, sizeof(teb));
    teb.NtTib.StackBase = Stack->StackBase;
    teb.NtTib.StackLimit = Stack->StackLimit;
    teb.NtTib.Self = (NT_TIB *)*Teb;
    teb.ProcessEnvironmentBlock = p->Peb;
    return MmCopyToAddressSpace(&p->Vm, *Teb, &teb, sizeof(teb));
}

/* A thread of p running StartAddress(Parameter) in ring 3 on Stack; the
   creator's reference comes back in *Thread. */
static NTSTATUS PspCreateUserThread(PEPROCESS p, ULONG StartAddress, ULONG Parameter,
                                    const INITIAL_TEB *Stack, PETHREAD *Thread)
{
    ULONG teb, frame[2] = { 0, Parameter }, sp = (ULONG)Stack->StackBase - sizeof(frame);
    NTSTATUS status;
    PETHREAD t;

    if (((ULONG)Stack->StackBase & 3) != 0 || Stack->StackBase <= Stack->StackLimit ||
        StartAddress < MM_LOWEST_USER_ADDRESS || StartAddress > MM_HIGHEST_USER_ADDRESS)
        return STATUS_INVALID_PARAMETER;
    status = MmCopyToAddressSpace(&p->Vm, sp, frame, sizeof(frame));
    if (NT_SUCCESS(status))
        status = PspCreateTeb(p, Stack, &teb);
    if (!NT_SUCCESS(status))
        return status;
    status = PspCreateThread(p, p->ImageFileName, NORMAL_PRIORITY, PspUserThreadStartup, NULL, &t);
    if (!NT_SUCCESS(status)) {
        MmDeleteRegion(&p->Vm, teb);
        return status;
    }
    MmCopyToAddressSpace(&p->Vm, teb + offsetof(TEB, ClientId), &t->Cid, sizeof(t->Cid));
    t->Tcb.StartContext = t;
    t->Tcb.Teb = (PVOID)teb;
    t->StartAddress = (PKSTART_ROUTINE)StartAddress;
    t->UserStack = sp;
    PspInitializeExitApc(t);
    PspStartThread(t);
    *Thread = t;
    return STATUS_SUCCESS;
}

/* The first thread's stack: a reservation with its top part committed. */
static NTSTATUS PspCreateUserStack(PEPROCESS p, PINITIAL_TEB Stack)
{
    ULONG base = 0, size = USER_STACK_RESERVE, commit, csize = USER_STACK_COMMIT;
    NTSTATUS status = MmAllocateVirtualMemory(&p->Vm, &base, &size, MEM_RESERVE, PAGE_READWRITE,
                                              FALSE);

    if (!NT_SUCCESS(status))
        return status;
    commit = base + size - csize;
    status = MmAllocateVirtualMemory(&p->Vm, &commit, &csize, MEM_COMMIT, PAGE_READWRITE, FALSE);
    Stack->AllocatedStackBase = (PVOID)base;
    Stack->StackLimit = (PVOID)commit;
    Stack->StackBase = (PVOID)(base + size);
    return status;
}

/* Writes one string after the parameters block and points *String at it. */
static NTSTATUS PspPutString(PEPROCESS p, ULONG *At, PCSTR Text, ULONG Length, PSTRING String)
{
    NTSTATUS status = MmCopyToAddressSpace(&p->Vm, *At, Text, Length);

    String->Buffer = (PCHAR)*At;
    String->Length = (USHORT)Length;
    String->MaximumLength = (USHORT)(Length + 1);
    *At += Length + 1;                  /* the committed page is zero: NUL-terminated */
    return status;
}

/* The PEB and the process parameters, in the process's memory. */
static NTSTATUS PspCreatePeb(PEPROCESS p, PCSTRING CommandLine)
{
    RTL_USER_PROCESS_PARAMETERS pp;
    PEB peb;
    ULONG name = strlen(p->Image->Name), peba, block = 0, at;
    ULONG size = sizeof(pp) + name + CommandLine->Length + 2;
    NTSTATUS status = MmCreatePebOrTeb(&p->Vm, PEB_ADDRESS, &peba);

    if (NT_SUCCESS(status))
        status = MmAllocateVirtualMemory(&p->Vm, &block, &size, MEM_RESERVE | MEM_COMMIT,
                                         PAGE_READWRITE, FALSE);
    if (!NT_SUCCESS(status))
        return status;
    memset(&pp, 0, sizeof(pp));
    pp.MaximumLength = pp.Length = sizeof(pp) + name + CommandLine->Length + 2;
    at = block + sizeof(pp);
    status = PspPutString(p, &at, p->Image->Name, name, &pp.ImagePathName);
    if (NT_SUCCESS(status))
        status = PspPutString(p, &at, CommandLine->Buffer, CommandLine->Length, &pp.CommandLine);
    if (NT_SUCCESS(status))
        status = MmCopyToAddressSpace(&p->Vm, block, &pp, sizeof(pp));
    memset(&peb, 0, sizeof(peb));
    peb.ImageBaseAddress = (PVOID)p->ImageBase;
    peb.ProcessParameters = (PRTL_USER_PROCESS_PARAMETERS)block;
    if (NT_SUCCESS(status))
        status = MmCopyToAddressSpace(&p->Vm, peba, &peb, sizeof(peb));
    p->Peb = (PPEB)peba;
    return status;
}

/* The image, the PEB, a stack and the first thread, in a new process p. */
static NTSTATUS PspPopulateProcess(PEPROCESS p, const KBOOT_IMAGE *Image,
                                   PCSTRING CommandLine, PETHREAD *Thread)
{
    INITIAL_TEB stack;
    ULONG entry;
    NTSTATUS status = PspMapImage(p, Image, &entry);

    if (NT_SUCCESS(status))
        status = PspCreatePeb(p, CommandLine);
    if (NT_SUCCESS(status))
        status = PspCreateUserStack(p, &stack);
    if (NT_SUCCESS(status))
        status = PspCreateUserThread(p, entry, (ULONG)p->Peb, &stack, Thread);
    return status;
}

/*
 * A process running the boot image ImageName with CommandLine (the image
 * name alone when it is empty), with Token's user and logon session.
 * *Process is the creator's reference; *ClientId (optional) the ids of the
 * process and its first thread.
 */
NTSTATUS PsCreateUserProcess(PCSTRING ImageName, PCSTRING CommandLine, const TOKEN *Token,
                             PEPROCESS *Process, PCLIENT_ID ClientId)
{
    STRING line = *CommandLine;
    const KBOOT_IMAGE *image;
    PETHREAD thread;
    PEPROCESS p;
    NTSTATUS status = PspFindImage(ImageName, &image);

    if (!NT_SUCCESS(status))
        return status;
    status = PspCreateProcessObject(image->Name, Token, &p);
    if (!NT_SUCCESS(status))
        return status;
    if (line.Length == 0)
        line = *ImageName;
    status = PspPopulateProcess(p, image, &line, &thread);
    if (!NT_SUCCESS(status)) {
        ObDereferenceObject(p);
        return status;
    }
    if (ClientId != NULL)
        *ClientId = thread->Cid;
    ObDereferenceObject(thread);
    *Process = p;
    return STATUS_SUCCESS;
}

/* The native call: the new process inherits the caller's token. If the
   caller cannot be given the handle, the new process is ended again. */
NTSTATUS NtCreateUserProcess(PHANDLE ProcessHandle, ACCESS_MASK DesiredAccess,
                             PSTRING ImageName, PSTRING CommandLine, PCLIENT_ID ClientId)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    STRING name, line = { 0, 0, NULL };
    CLIENT_ID cid;
    PEPROCESS p;
    HANDLE handle;
    NTSTATUS status = ExProbeForWrite(mode, ProcessHandle, sizeof(HANDLE), sizeof(ULONG));

    if (NT_SUCCESS(status) && ClientId != NULL)
        status = ExProbeForWrite(mode, ClientId, sizeof(*ClientId), sizeof(ULONG));
    if (NT_SUCCESS(status))
        status = ExCaptureString(mode, ImageName, sizeof(KeBootImages[0].Name), &name);
    if (!NT_SUCCESS(status))
        return status;
    if (CommandLine != NULL)
        status = ExCaptureString(mode, CommandLine, MAX_COMMAND_LINE, &line);
    if (NT_SUCCESS(status))
        status = PsCreateUserProcess(&name, &line, &PsGetCurrentProcess()->Token, &p, &cid);
    ExReleaseString(&name);
    ExReleaseString(&line);
    if (!NT_SUCCESS(status))
        return status;
    status = ObOpenObjectByPointer(p, 0, DesiredAccess, PsProcessType, &handle);
    status = ExReturnHandle(mode, ProcessHandle, handle, status);
    if (NT_SUCCESS(status) && ClientId != NULL)
        status = ExCopyToCaller(mode, ClientId, &cid, sizeof(cid));
    if (!NT_SUCCESS(status))
        PsTerminateProcess(p, status);
    ObDereferenceObject(p);
    return status;
}

/* NtCreateThread (ntps.h says how it differs from NT's): a thread of the
   process ProcessHandle names, which must run an image. */
NTSTATUS NtCreateThread(PHANDLE ThreadHandle, ACCESS_MASK DesiredAccess,
                        POBJECT_ATTRIBUTES ObjectAttributes, HANDLE ProcessHandle,
                        PCLIENT_ID ClientId, PVOID StartAddress, PVOID Parameter,
                        PINITIAL_TEB InitialTeb)
{
    KPROCESSOR_MODE mode = KeGetPreviousMode();
    EX_CAPTURED_ATTRIBUTES captured;
    POBJECT_ATTRIBUTES oa;
    INITIAL_TEB stack;
    PETHREAD t = NULL;
    PEPROCESS p;
    HANDLE handle;
    NTSTATUS status = ExProbeForWrite(mode, ThreadHandle, sizeof(HANDLE), sizeof(ULONG));

    if (NT_SUCCESS(status))
        status = ExCopyFromCaller(mode, &stack, InitialTeb, sizeof(stack));
    if (NT_SUCCESS(status))
        status = ExCaptureObjectAttributes(mode, ObjectAttributes, &captured, &oa);
    if (!NT_SUCCESS(status))
        return status;
    status = PsReferenceProcessByHandle(ProcessHandle, PROCESS_CREATE_THREAD, &p);
    if (NT_SUCCESS(status)) {
        status = p->Image != NULL ? PspCreateUserThread(p, (ULONG)StartAddress, (ULONG)Parameter,
                                                        &stack, &t)
                                  : STATUS_INVALID_PARAMETER;
        ObDereferenceObject(p);
    }
    if (NT_SUCCESS(status)) {
        status = ObOpenObjectByPointer(t, oa != NULL ? oa->Attributes : 0, DesiredAccess,
                                       PsThreadType, &handle);
        status = ExReturnHandle(mode, ThreadHandle, handle, status);
        if (NT_SUCCESS(status) && ClientId != NULL)
            status = ExCopyToCaller(mode, ClientId, &t->Cid, sizeof(t->Cid));
        if (!NT_SUCCESS(status))
            PsTerminateThread(t, status);
        ObDereferenceObject(t);
    }
    ExReleaseObjectAttributes(&captured);
    return status;
}

/* The same from one command line, whose first word names the image (the
   kernel's own callers: the scenario, the guest suites). */
NTSTATUS PsCreateUserProcessFromLine(PCSTR CommandLine, const TOKEN *Token, PEPROCESS *Process)
{
    PCSTR blank = strchr(CommandLine, ' ');
    STRING image, line;

    image.Buffer = line.Buffer = (PCHAR)CommandLine;
    image.Length = image.MaximumLength = (USHORT)(blank ? (SIZE_T)(blank - CommandLine)
                                                        : strlen(CommandLine));
    line.Length = line.MaximumLength = (USHORT)strlen(CommandLine);
    return PsCreateUserProcess(&image, &line, Token, Process, NULL);
}
