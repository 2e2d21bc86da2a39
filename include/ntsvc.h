/*
 * ntsvc.h - the system services: one line per native call, in service-number
 * order, with the number of 32-bit argument words it takes (NT's
 * KiServiceTable and KiArgumentTable in one list).
 *
 * Three things are made from this list by defining SERVICE(Name, Words)
 * before including it: the kernel's service table (kernel/ke/syscall.c),
 * ntdll's stubs for processes (user/ntdll/svc.S: NtName puts the number in
 * EAX and the address of its arguments in EDX, and raises int 0x2e), and
 * the kernel's Zw stubs (kernel/ke/zw.S: the same call, made in kernel
 * mode, so the service sees KernelMode as the previous mode and does not
 * probe). A new service goes at the end, so that numbers stay put.
 *
 * No include guard: this file is meant to be included more than once.
 */
SERVICE(AcceptConnectPort, 4)
SERVICE(AllocateVirtualMemory, 6)
SERVICE(Close, 1)
SERVICE(ConnectPort, 4)
SERVICE(CreateDirectoryObject, 3)
SERVICE(CreateEvent, 5)
SERVICE(CreateFile, 6)
SERVICE(CreateMutant, 4)
SERVICE(CreatePort, 5)
SERVICE(CreateSymbolicLinkObject, 4)
SERVICE(CreateThread, 8)
SERVICE(CreateUserProcess, 5)
SERVICE(DelayExecution, 2)
SERVICE(DeviceIoControlFile, 10)
SERVICE(FreeVirtualMemory, 4)
SERVICE(FsControlFile, 10)
SERVICE(MakeTemporaryObject, 1)
SERVICE(OpenFile, 6)
SERVICE(OpenProcess, 4)
SERVICE(OpenSymbolicLinkObject, 3)
SERVICE(ProtectVirtualMemory, 5)
SERVICE(QueryDirectoryFile, 11)
SERVICE(QueryInformationFile, 5)
SERVICE(QueryInformationProcess, 5)
SERVICE(QuerySymbolicLinkObject, 3)
SERVICE(QuerySystemInformation, 4)
SERVICE(QueryVirtualMemory, 6)
SERVICE(QueryVolumeInformationFile, 5)
SERVICE(ReadFile, 9)
SERVICE(ReleaseMutant, 2)
SERVICE(ReplyPort, 2)
SERVICE(ReplyWaitReceivePort, 4)
SERVICE(RequestWaitReplyPort, 3)
SERVICE(ResetEvent, 2)
SERVICE(SetEvent, 2)
SERVICE(TerminateProcess, 2)
SERVICE(TerminateThread, 2)
SERVICE(TestAlert, 0)
SERVICE(WaitForMultipleObjects, 5)
SERVICE(WaitForSingleObject, 3)
SERVICE(WriteFile, 9)
SERVICE(YieldExecution, 0)
SERVICE(ImpersonateClientOfPort, 2)
SERVICE(SetInformationThread, 4)
SERVICE(SetInformationFile, 5)
SERVICE(FlushBuffersFile, 2)
SERVICE(LoadDriver, 1)
SERVICE(UnloadDriver, 1)
SERVICE(OpenDirectoryObject, 3)
SERVICE(QueryDirectoryObject, 7)
SERVICE(TraceMark, 3)
