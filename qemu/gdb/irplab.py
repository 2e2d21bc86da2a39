"""irplab.py - gdb commands that print irplab's kernel structures the way
WinDbg's extensions print NT's (!irp, !devobj, !drvobj, !process, !handle).

The generated gdbinit sources this file (`make gdb`); by hand:
`source qemu/gdb/irplab.py` once the kernel's symbols are loaded.

    irp ADDR                  an IRP and its stack locations ('>' current)
    devobj ADDR|\\Device\\NAME  a device object and the tail of its IRP log
                              (an optional count: how many log entries)
    drvobj ADDR|\\Driver\\NAME  a driver's devices and dispatch table
                              ("all": the invalid-request entries too)
    ps                        every process: id, name, user, logon, handles,
                              threads, the image it runs and its base
    handles PID               a process's handle table
    threads                   every thread: id, name, state, priorities,
                              process, its TEB (ring-3 side) if it has one
    drives                    per letter: basesrv's drive table entry (in
                              CSRSS's memory), the \\DosDevices link and its
                              targets, the drive map
    peb PID                   a process's PEB and process parameters
    orphan-count LETTER       under make replay (QEMU's record/replay): from
                              the replay's start to the audit's verdict, the
                              writes to LETTER's entry in basesrv's drive table
    orphan LETTER N           in a fresh replay: run to the Nth (the last)
                              and say who wrote it: thread, process, function
                              and line, the LPC request it served, its IRPs
    nwrdr                     NWRDR's user contexts, each with its server
                              connections (their queued IRPs and the one on
                              the wire), drive-letter ties and opens; its
                              SAP cache and counters

ADDR is any gdb expression ($irp_pointer, 0x1234, GtRamFs). Names are found
by walking the object namespace from ObpRootDirectory in the target's
memory, without case, through symbolic links. Everything is read from the
target; nothing is written. A bad address gives a one-line error.

gdb itself reads memory through the page directory loaded now (CR3): the
kernel's half is the same in every process, a user address is the running
process's. The commands read another process's user memory through that
process's own page directory (read_process_memory), so `drives` finds
CSRSS's drive table wherever gdb stopped, and take a process's variables'
addresses from the symbols of its image (the gdbinit loads every image).
"""
import os
import re
import sys

import gdb

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from ntnames import major_name  # noqa: E402  (gdb sources this file: its folder first)
ROOT = os.path.dirname(os.path.dirname(HERE))
MAX_LIST = 4096             # entries walked in one list before calling it corrupt
MAX_STRING = 512            # OB_MAX_PATH
OB_HEADER_SIGNATURE = 0x6448624F
IO_TYPE_IRP = 6

DEVICE_TYPES = {
    0x07: "DISK", 0x08: "DISK_FILE_SYSTEM", 0x09: "FILE_SYSTEM", 0x12: "NETWORK",
    0x14: "NETWORK_FILE_SYSTEM", 0x15: "NULL", 0x17: "PHYSICAL_NETCARD", 0x1B: "SERIAL_PORT",
    0x22: "UNKNOWN"}

# Bit names, as kernel/io/io.h defines them.
IRP_FLAGS = {0x0004: "SYNCHRONOUS_API", 0x0010: "BUFFERED_IO", 0x0020: "DEALLOCATE_BUFFER",
             0x0040: "INPUT_OPERATION", 0x0400: "DIRECT_COMPLETION",
             0x0800: "DEFER_IO_COMPLETION", 0x4000: "EVENT_REFERENCED"}
SL_CONTROL = {0x01: "pending", 0x10: "verifier-pended", 0x20: "invoke-on-cancel",
              0x40: "invoke-on-success", 0x80: "invoke-on-error"}
DEVICE_FLAGS = {0x04: "BUFFERED_IO", 0x80: "DEVICE_INITIALIZING"}
DRIVER_FLAGS = {0x01: "UNLOAD_INVOKED", 0x02: "UNLOADING"}
IRP_LOG_EVENTS = {1: "dispatch", 2: "pend", 3: "complete", 4: "cancel"}
THREAD_STATES = ["Initialized", "Ready", "Running", "Standby", "Terminated", "Waiting"]


class Failure(Exception):
    """What a command reports as its one-line error."""


def load_status_names():
    """NTSTATUS value -> name, from the kernel's own headers (first name wins)."""
    names = {}
    pattern = re.compile(r"#define\s+(STATUS_\w+)\s+\(\(NTSTATUS\)(0x[0-9A-Fa-f]+)\)")
    for rel in ("include/ntstatus.h", "kernel/io/io.h"):
        try:
            with open(os.path.join(ROOT, rel)) as f:
                for name, value in pattern.findall(f.read()):
                    names.setdefault(int(value, 16), name)
        except OSError:
            pass
    return names


STATUS_NAMES = load_status_names()


# ---------------------------------------------------------------- reading

def typ(name):
    """A kernel type by its typedef name, or by its struct tag (_NAME) when
    the compiler emitted only the tag."""
    try:
        return gdb.lookup_type(name)
    except gdb.error:
        return gdb.lookup_type("struct _" + name)


def at(address, type_name):
    """The target's TYPE at ADDRESS, as a gdb value (read lazily)."""
    return gdb.Value(address).cast(typ(type_name).pointer()).dereference()


def address_of(value):
    return int(value.address)


def offset_of(type_name, path):
    """offsetof(TYPE, a.b.c) in bytes."""
    t, offset = typ(type_name), 0
    for part in path.split("."):
        field = next(f for f in t.strip_typedefs().fields() if f.name == part)
        offset += field.bitpos // 8
        t = field.type
    return offset


def read_bytes(address, length):
    return gdb.selected_inferior().read_memory(address, length).tobytes()


def read_string(value):
    """A STRING's text."""
    length = min(int(value["Length"]), MAX_STRING)
    if length == 0:
        return ""
    return read_bytes(int(value["Buffer"]), length).decode("latin-1")


def read_chars(value):
    """A char array's text, up to its NUL."""
    raw = read_bytes(address_of(value), value.type.sizeof)
    return raw.split(b"\0", 1)[0].decode("latin-1")


def list_entries(head, type_name, link):
    """Addresses of the TYPE records on the LIST_ENTRY at HEAD, linked by LINK."""
    offset = offset_of(type_name, link)
    entry = int(at(head, "LIST_ENTRY")["Flink"])
    for _ in range(MAX_LIST):
        if entry == head:
            return
        if entry == 0:
            raise Failure(f"list at {head:#x} has a NULL link")
        yield entry - offset
        entry = int(at(entry, "LIST_ENTRY")["Flink"])
    raise Failure(f"list at {head:#x} does not end after {MAX_LIST} entries")


def kernel_variable(name):
    """A kernel variable's value, static ones included."""
    symbol = gdb.lookup_static_symbol(name) or gdb.lookup_global_symbol(name)
    if symbol is None:
        raise Failure(f"no symbol {name} in the kernel's symbols")
    return symbol.value()


def global_address(name):
    """The address of a kernel variable, static ones included."""
    return address_of(kernel_variable(name))


def evaluate(expression):
    try:
        return int(gdb.parse_and_eval(expression))
    except gdb.error as e:
        raise Failure(f"cannot evaluate '{expression}': {e}")


# ---------------------------------------------------------------- a process's memory

# kernel/mm/mm.h and mi.h. A user PTE is 0 (not committed) or committed:
# its frame, and the page's protection in bits 9..11; a committed
# PAGE_NOACCESS page keeps its frame with the present bit clear.
USER_BASE, USER_END = 0x40000000, 0x7FFF0000     # MM_USER_BASE, MM_USER_PROBE_ADDRESS
PTE_PRESENT = 0x001
PTE_FRAME = 0xFFFFF000
PTE_PROTECT_MASK = 7 << 9
PAGE_SIZE = 4096
STATUS_PENDING = 0x103


def read_ulong(address):
    return int.from_bytes(read_bytes(address, 4), "little")


def user_frame(directory, address, process):
    """The physical page behind user ADDRESS in the page directory at
    DIRECTORY. Page tables and pages are RAM below 1 GiB, which every address
    space maps at its physical address: they are read through the current
    CR3 whichever process that is."""
    pde = read_ulong(directory + (address >> 22) * 4)
    pte = read_ulong((pde & PTE_FRAME) + ((address >> 12) & 0x3FF) * 4) if pde & PTE_PRESENT else 0
    if not pte & (PTE_PRESENT | PTE_PROTECT_MASK):
        raise Failure(f"{address:#x} is not committed in process {process_text(process)}")
    return pte & PTE_FRAME


def read_process_memory(process, address, length):
    """LENGTH bytes at ADDRESS as PROCESS (an EPROCESS address) sees them: a
    user address through the process's own page directory, any other (the
    kernel's half, the same in every address space) directly."""
    directory = int(at(process, "EPROCESS")["Vm"]["DirectoryTableBase"])
    data = b""
    while length > 0:
        chunk = min(length, PAGE_SIZE - address % PAGE_SIZE)
        if USER_BASE <= address < USER_END:
            data += read_bytes(user_frame(directory, address, process) + address % PAGE_SIZE, chunk)
        else:
            data += read_bytes(address, chunk)
        address, length = address + chunk, length - chunk
    return data


def process_value(process, address, type_):
    """The process's TYPE_ (a gdb.Type) at ADDRESS, read from its memory."""
    return gdb.Value(read_process_memory(process, address, type_.sizeof), type_)


def process_string(process, value):
    """A STRING's text, its buffer read from the process's memory."""
    length = min(int(value["Length"]), MAX_STRING)
    if length == 0:
        return ""
    return read_process_memory(process, int(value["Buffer"]), length).decode("latin-1")


def process_image(process):
    """The name of the boot image the process runs ("csrss"), or None for a
    process of system threads only."""
    image = int(at(process, "EPROCESS")["Image"])
    return read_chars(at(image, "KBOOT_IMAGE")["Name"]) if image else None


def image_objfile(name):
    """gdb's symbols of the image NAME (build/symbols/NAME, gdbinit loads them)."""
    for objfile in gdb.objfiles():
        if objfile.filename and os.path.basename(objfile.filename) == name:
            return objfile
    raise Failure(f"the symbols of the image {name} are not loaded "
                  f"(add-symbol-file build/symbols/{name})")


def process_variable(process, name):
    """The process's variable NAME (static ones too), read from its memory
    at the address its image's symbols give."""
    image = process_image(process)
    if image is None:
        raise Failure(f"process {process_text(process)} runs no image")
    objfile = image_objfile(image)
    symbol = objfile.lookup_static_symbol(name) or objfile.lookup_global_symbol(name)
    if symbol is None:
        raise Failure(f"no symbol {name} in the image {image}")
    return process_value(process, int(symbol.value().address), symbol.type)


# ---------------------------------------------------------------- formatting

def status_text(status):
    status &= 0xFFFFFFFF
    name = STATUS_NAMES.get(status)
    return f"{name} ({status:#010x})" if name else f"{status:#010x}"


def luid_text(luid):
    """A LUID as ps shows a logon session: HIGH:LOW."""
    return f"{int(luid['HighPart']) & 0xFFFFFFFF:08x}:{int(luid['LowPart']) & 0xFFFFFFFF:08x}"


def bits_text(value, names):
    parts = [name for bit, name in names.items() if value & bit]
    rest = value & ~sum(names)
    if rest:
        parts.append(f"{rest:#x}")
    return "|".join(parts) if parts else "0"


def symbol(address):
    """The code symbol at ADDRESS ("RamFsRead", "Foo+0x12"), or '-' for NULL."""
    if address == 0:
        return "-"
    text = gdb.execute(f"info symbol {address:#x}", to_string=True).strip()
    if text.startswith("No symbol"):
        return f"{address:#010x}"
    name = text.split(" in section ")[0]
    return re.sub(r" \+ (\d+)$", lambda m: f"+{int(m.group(1)):#x}", name)


def print_table(header, rows, indent="  "):
    widths = [max(len(str(r[i])) for r in [header] + rows) for i in range(len(header))]
    for row in [header] + rows:
        cells = [str(c).ljust(w) for c, w in zip(row, widths)]
        gdb.write((indent + "  ".join(cells)).rstrip() + "\n")


# ---------------------------------------------------------------- objects

def object_header(body):
    """The OBJECT_HEADER address in front of the object body at BODY."""
    header = body - offset_of("OBJECT_HEADER", "Body")
    if int(at(header, "OBJECT_HEADER")["Signature"]) != OB_HEADER_SIGNATURE:
        raise Failure(f"{body:#x} is not a live object (no object header in front of it)")
    return header


def object_type_name(body):
    header = at(object_header(body), "OBJECT_HEADER")
    return read_chars(header["Type"].dereference()["Name"])


def object_name(body):
    """The object's full name in the namespace, or None when it has none."""
    root = int(gdb.parse_and_eval("ObpRootDirectory"))
    parts = []
    while body != root:
        header = at(object_header(body), "OBJECT_HEADER")
        directory = int(header["Directory"])
        if directory == 0:
            return None
        parts.append(read_string(header["Name"]))
        body = directory
        if len(parts) > 64:
            raise Failure("the object's directories loop")
    return "\\" + "\\".join(reversed(parts))


def directory_entries(directory):
    """(name, body) for each entry of the directory object at DIRECTORY."""
    head = address_of(at(directory, "OBJECT_DIRECTORY")["Entries"])
    body_offset = offset_of("OBJECT_HEADER", "Body")
    for header in list_entries(head, "OBJECT_HEADER", "DirectoryLink"):
        yield read_string(at(header, "OBJECT_HEADER")["Name"]), header + body_offset


def lookup(path, follow_last_link=True):
    """The object body named PATH, following symbolic links."""
    for _ in range(32):                             # OB_MAX_REPARSE
        parts = [p for p in path.split("\\") if p]
        body = int(gdb.parse_and_eval("ObpRootDirectory"))
        for i, part in enumerate(parts):
            if object_type_name(body) != "Directory":
                raise Failure(f"{path}: nothing is named below {parts[i - 1]}")
            found = [b for name, b in directory_entries(body) if name.lower() == part.lower()]
            if not found:
                raise Failure(f"{path}: no object is named {part}")
            body = found[0]
            last = i == len(parts) - 1
            if object_type_name(body) == "SymbolicLink" and (follow_last_link or not last):
                target = read_string(at(body, "OBJECT_SYMBOLIC_LINK")["Target"])
                path = target + "".join("\\" + p for p in parts[i + 1:])
                break
        else:
            return body
    raise Failure(f"{path}: too many symbolic links")


def object_argument(argument, type_name):
    """A body of TYPE from a command's argument: a \\name or an address."""
    body = lookup(argument) if argument.startswith("\\") else evaluate(argument)
    actual = object_type_name(body)
    if actual != type_name:
        raise Failure(f"{argument} is a {actual} object, not a {type_name}")
    return body


def device_text(device):
    if device == 0:
        return "-"
    name = object_name(device)
    return name or f"#{int(at(device, 'DEVICE_OBJECT')['Id'])} (unnamed)"


def file_text(file):
    """A file object as the device's name and the path below it."""
    if file == 0:
        return "-"
    f = at(file, "FILE_OBJECT")
    return f"{file:#x} {device_text(int(f['DeviceObject']))}{read_string(f['FileName'])}"


def process_text(process):
    if process == 0:
        return "-"
    if process == global_address("KiIdleProcess"):
        return "0 Idle"
    p = at(process, "EPROCESS")
    return f"{int(p['UniqueProcessId'])} {read_chars(p['ImageFileName'])}"


def thread_text(thread):
    if thread == 0:
        return "-"
    t = at(thread, "KTHREAD")
    return f"{int(t['Header']['Id'])} \"{read_chars(t['Name'])}\""


def thread_process(t):
    """The thread's process: its EPROCESS, which starts with the KPROCESS the
    thread points at (the idle thread's is the kernel's own KiIdleProcess)."""
    return int(t["Process"])


def all_threads():
    return list(list_entries(global_address("KiThreadListHead"), "KTHREAD", "ThreadListEntry"))


def all_processes():
    return list(list_entries(global_address("PspProcessList"), "EPROCESS", "ProcessListEntry"))


def process_by_id(pid):
    for process in all_processes():
        if int(at(process, "EPROCESS")["UniqueProcessId"]) == pid:
            return process
    raise Failure(f"no process has id {pid} (see ps)")


def running_process(name):
    """The newest process named NAME that has not begun to exit (the csrss
    suite ends one CSRSS and starts the next; the old one stays on the list
    until its last reference goes)."""
    live = [p for p in all_processes()
            if read_chars(at(p, "EPROCESS")["ImageFileName"]) == name
            and not int(at(p, "EPROCESS")["Exiting"])
            and int(at(p, "EPROCESS")["ExitStatus"]) == STATUS_PENDING]
    if not live:
        raise Failure(f"no {name} process is running (see ps)")
    return live[-1]


# ---------------------------------------------------------------- commands

class IrplabCommand(gdb.Command):
    """Runs run(argument); a read that fails becomes a one-line error."""

    def __init__(self, name):
        super().__init__(name, gdb.COMMAND_DATA)
        self.name = name

    def invoke(self, argument, from_tty):
        # Without a target gdb reads the kernel's file: every variable at
        # its initial value, which would look like a machine with nothing in it.
        if gdb.selected_inferior().pid == 0:
            raise gdb.GdbError(f"{self.name}: no target (QEMU's gdb stub is not connected)")
        try:
            self.run(argument.strip())
        except gdb.MemoryError as e:
            raise gdb.GdbError(f"{self.name}: cannot read the target's memory: {e}")
        except (gdb.error, Failure) as e:
            raise gdb.GdbError(f"{self.name}: {e}")

    def run(self, argument):
        raise NotImplementedError


def stack_parameters(major, sp):
    p = sp["Parameters"]
    if major in (3, 4):
        rw = p["Read"]
        return f"len {int(rw['Length'])} at {int(rw['ByteOffset'])}"
    if major == 0:
        return f"access {int(p['Create']['DesiredAccess']) & 0xFFFFFFFF:#x}"
    if major in (0x0D, 0x0E):
        ctl = p["DeviceIoControl"]
        return f"code {int(ctl['IoControlCode']) & 0xFFFFFFFF:#x}"
    if major in (0x05, 0x06):
        info = p["QueryFile"]
        return f"class {int(info['FileInformationClass'])} len {int(info['Length'])}"
    if major == 0x0A:
        info = p["QueryVolume"]
        return f"class {int(info['FsInformationClass'])} len {int(info['Length'])}"
    return ""


class Irp(IrplabCommand):
    """irp ADDR - an IRP: id, flags, status, issuing thread, cancel state, and
one line per stack location, '>' marking the current one (location 1 is
the lowest driver's, StackCount the first one called)."""

    def __init__(self):
        super().__init__("irp")

    def run(self, argument):
        if not argument:
            raise Failure("usage: irp ADDR")
        address = evaluate(argument)
        irp = at(address, "IRP")
        if int(irp["Type"]) != IO_TYPE_IRP:
            raise Failure(f"{address:#x} is not an IRP (Type {int(irp['Type'])}; freed?)")
        self.print_header(address, irp)
        self.print_stack(irp)

    def print_header(self, address, irp):
        count, current = int(irp["StackCount"]), int(irp["CurrentLocation"])
        where = f"{current} of {count}"
        if current > count:
            where += " (not with a driver)"
        tail = irp["Tail"]
        thread = int(tail["Thread"])
        issuer = thread_text(thread)
        if thread:
            issuer += " in process " + process_text(thread_process(at(thread, "KTHREAD")))
        status = irp["IoStatus"]
        gdb.write(f"IRP {address:#x}  id {int(irp['Id'])}  "
                  f"flags {bits_text(int(irp['Flags']), IRP_FLAGS)}\n"
                  f"  status {status_text(int(status['Status']))}  "
                  f"information {int(status['Information'])}\n"
                  f"  current location {where}  pending returned "
                  f"{'yes' if int(irp['PendingReturned']) else 'no'}  "
                  f"completed {'yes' if int(irp['Completed']) else 'no'}\n"
                  f"  thread {issuer}\n"
                  f"  file {file_text(int(tail['OriginalFileObject']))}\n"
                  f"  cancel {'yes' if int(irp['Cancel']) else 'no'}  "
                  f"cancel routine {symbol(int(irp['CancelRoutine']))}\n")

    def print_stack(self, irp):
        count, current = int(irp["StackCount"]), int(irp["CurrentLocation"])
        rows = []
        for i in range(min(count, 32)):
            sp = irp["Stack"][i]
            major, control = int(sp["MajorFunction"]), int(sp["Control"])
            rows.append([">" if i + 1 == current else "", f"[{i + 1}]", major_name(major),
                         device_text(int(sp["DeviceObject"])),
                         f"{int(sp['FileObject']):#x}", symbol(int(sp["CompletionRoutine"])),
                         bits_text(control, SL_CONTROL) if control else "-",
                         stack_parameters(major, sp)])
        print_table(["", "LOC", "MAJOR", "DEVICE", "FILE", "COMPLETION", "CONTROL",
                     "PARAMETERS"], rows)


def log_tail(device, wanted):
    """The last WANTED entries of a device's IRP log, oldest first."""
    log = device["IrpLog"]
    size = log.type.range()[1] + 1
    written = int(device["IrpLogNext"])
    first = max(0, written - min(size, wanted))
    return [log[n % size] for n in range(first, written)]


class DevObj(IrplabCommand):
    """devobj ADDR|\\Device\\NAME [N] - a device object: its driver, type,
stack size, references, attachments, flags, and its last N (10) IRP log
entries."""

    def __init__(self):
        super().__init__("devobj")

    def run(self, argument):
        words = argument.split()
        if not words or len(words) > 2:
            raise Failure("usage: devobj ADDR|\\Device\\NAME [ENTRIES]")
        body = object_argument(words[0], "Device")
        wanted = int(words[1]) if len(words) > 1 else 10
        d = at(body, "DEVICE_OBJECT")
        driver = int(d["DriverObject"])
        kind = int(d["DeviceType"])
        gdb.write(f"Device object {body:#x}  {device_text(body)}  id {int(d['Id'])}\n"
                  f"  driver {read_string(at(driver, 'DRIVER_OBJECT')['DriverName'])} "
                  f"({driver:#x})\n"
                  f"  type FILE_DEVICE_{DEVICE_TYPES.get(kind, hex(kind))} ({kind:#x})  "
                  f"characteristics {int(d['Characteristics']):#x}\n"
                  f"  stack size {int(d['StackSize'])}  references {int(d['ReferenceCount'])}  "
                  f"flags {bits_text(int(d['Flags']), DEVICE_FLAGS)}\n"
                  f"  attached above {device_text(int(d['AttachedDevice']))}  "
                  f"below {device_text(int(d['AttachedTo']))}\n"
                  f"  extension {int(d['DeviceExtension']):#x}\n")
        entries = log_tail(d, wanted)
        gdb.write(f"  IRP log, last {len(entries)} of {int(d['IrpLogNext'])} events:\n")
        rows = []
        for e in entries:
            event = int(e["Event"])
            status = status_text(int(e["Status"])) if event != 1 else ""
            rows.append([int(e["IrpId"]), major_name(int(e["MajorFunction"])),
                         IRP_LOG_EVENTS.get(event, f"event {event}"), status])
        if rows:
            print_table(["IRP", "MAJOR", "EVENT", "STATUS"], rows, indent="    ")


class DrvObj(IrplabCommand):
    """drvobj ADDR|\\Driver\\NAME [all] - a driver: its devices and its
dispatch table; entries still at the invalid-request handler are left out
unless "all" is given."""

    INVALID_HANDLER = "IopInvalidDeviceRequest"

    def __init__(self):
        super().__init__("drvobj")

    def run(self, argument):
        words = argument.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1] != "all"):
            raise Failure("usage: drvobj ADDR|\\Driver\\NAME [all]")
        body = object_argument(words[0], "Driver")
        d = at(body, "DRIVER_OBJECT")
        gdb.write(f"Driver object {body:#x}  {read_string(d['DriverName'])}  "
                  f"flags {bits_text(int(d['Flags']), DRIVER_FLAGS)}  "
                  f"unload {symbol(int(d['DriverUnload']))}\n  devices:\n")
        device = int(d["DeviceObject"])
        for _ in range(MAX_LIST):
            if device == 0:
                break
            gdb.write(f"    {device:#x}  {device_text(device)}\n")
            device = int(at(device, "DEVICE_OBJECT")["NextDevice"])
        self.print_dispatch(d, len(words) == 2)

    def print_dispatch(self, d, everything):
        table = d["MajorFunction"]
        skipped = 0
        gdb.write("  dispatch:\n")
        for major in range(table.type.range()[1] + 1):
            name = symbol(int(table[major]))
            if name == self.INVALID_HANDLER and not everything:
                skipped += 1
                continue
            gdb.write(f"    [{major:02x}] {major_name(major):<34} {name}\n")
        if skipped:
            gdb.write(f"  ({skipped} more at {self.INVALID_HANDLER}; 'all' lists them)\n")


class Ps(IrplabCommand):
    """ps - every process: id, name, user, logon session, handles, threads,
and the image it runs with the base it is mapped at ('-': a process of
system threads only)."""

    def __init__(self):
        super().__init__("ps")

    def run(self, argument):
        threads = {}
        for t in all_threads():
            threads.setdefault(thread_process(at(t, "KTHREAD")), []).append(t)
        rows = []
        for process in all_processes():
            p = at(process, "EPROCESS")
            luid = p["Token"]["AuthenticationId"]
            table = int(p["ObjectTable"])
            handles = int(at(table, "HANDLE_TABLE")["HandleCount"]) if table else "-"
            mine = threads.get(process, [])
            ids = ",".join(str(int(at(t, "KTHREAD")["Header"]["Id"])) for t in mine)
            state = " exiting" if int(p["Exiting"]) else ""
            image = process_image(process)
            rows.append([int(p["UniqueProcessId"]), read_chars(p["ImageFileName"]) + state,
                         read_chars(p["Token"]["UserName"]),
                         luid_text(luid),
                         handles, f"{len(mine)} ({ids})" if mine else "0",
                         image or "-", f"{int(p['ImageBase']):#x}" if image else "-",
                         f"{process:#x}"])
        print_table(["PID", "NAME", "USER", "LOGON", "HANDLES", "THREADS", "IMAGE", "BASE",
                     "EPROCESS"], rows, indent="")


def handle_object_name(body, type_name):
    if type_name == "File":
        return file_text(body).split(" ", 1)[1]
    return object_name(body) or "-"


def handle_entries(table):
    """(handle, HANDLE_TABLE_ENTRY, object body) for each handle in the
    HANDLE_TABLE at TABLE."""
    t = at(table, "HANDLE_TABLE")
    entries, size = int(t["Entries"]), typ("HANDLE_TABLE_ENTRY").sizeof
    for slot in range(min(int(t["Capacity"]), 65536)):
        e = at(entries + slot * size, "HANDLE_TABLE_ENTRY")
        body = int(e["Object"])
        if body:
            yield (slot + 1) * 4, e, body


class Handles(IrplabCommand):
    """handles PID - a process's handle table: handle, type, name, access."""

    def __init__(self):
        super().__init__("handles")

    def run(self, argument):
        if not argument:
            raise Failure("usage: handles PID")
        process = process_by_id(evaluate(argument))
        table = int(at(process, "EPROCESS")["ObjectTable"])
        if table == 0:
            gdb.write(f"Process {process_text(process)}: no handle table (it has ended)\n")
            return
        count = int(at(table, "HANDLE_TABLE")["HandleCount"])
        gdb.write(f"Process {process_text(process)}: {count} handles\n")
        rows = []
        for handle, e, body in handle_entries(table):
            type_name = object_type_name(body)
            rows.append([f"{handle:#06x}", type_name, f"{int(e['GrantedAccess']):#010x}",
                         f"{body:#x}", handle_object_name(body, type_name)])
        if rows:
            print_table(["HANDLE", "TYPE", "ACCESS", "OBJECT", "NAME"], rows)


def thread_state_name(state):
    try:
        names = {int(f.enumval): f.name for f in typ("KTHREAD_STATE").strip_typedefs().fields()}
    except gdb.error:                   # the enum is not in the debug information
        names = dict(enumerate(THREAD_STATES))
    return names.get(state, f"state {state}")


class Threads(IrplabCommand):
    """threads - every thread: id, name, state, priority and PCT priority,
process, and its TEB when it has a ring-3 side ('-': a system thread);
'*' marks the one running."""

    def __init__(self):
        super().__init__("threads")

    def run(self, argument):
        current = int(gdb.parse_and_eval("KiCurrentThread"))
        rows = []
        for thread in all_threads():
            t = at(thread, "KTHREAD")
            rows.append(["*" if thread == current else "", int(t["Header"]["Id"]),
                         read_chars(t["Name"]), thread_state_name(int(t["State"])),
                         int(t["Priority"]), int(t["PctPriority"]),
                         process_text(thread_process(t)),
                         f"{int(t['Teb']):#x}" if int(t["Teb"]) else "-", f"{thread:#x}"])
        print_table(["", "ID", "NAME", "STATE", "PRI", "PCT", "PROCESS", "TEB", "KTHREAD"], rows,
                    indent="")


DRIVE_STATES = ["free", "connecting", "in-use", "disconnecting"]
DRIVE_TYPES = ["unknown", "no root", "removable", "fixed", "remote", "cdrom", "ramdisk"]
VARIANTS = ["rtm", "sp"]


def link_targets(body):
    """A link's targets, newest first (DefineDosDevice keeps a NUL-separated list)."""
    target = at(body, "OBJECT_SYMBOLIC_LINK")["Target"]
    raw = read_bytes(int(target["Buffer"]), min(int(target["Length"]), MAX_STRING))
    return [t.decode("latin-1") for t in raw.split(b"\0") if t]


def drive_links():
    """{letter: targets} for the links named X: in \\DosDevices."""
    links = {}
    for name, body in directory_entries(lookup("\\DosDevices")):
        if len(name) == 2 and name[1] == ":" and name[0].isalpha() and \
                object_type_name(body) == "SymbolicLink":
            links[name[0].upper()] = link_targets(body)
    return links


def drive_row(letter, entry, links, drive_map):
    bit = 1 << (ord(letter) - ord("A"))
    state, logon = int(entry["State"]), int(entry["OwnerLogonId"])
    mapped = bool(int(drive_map["DriveMap"]) & bit)
    kind = int(drive_map["DriveType"][ord(letter) - ord("A")])
    return [f"{letter}:", DRIVE_STATES[state] if state < len(DRIVE_STATES) else str(state),
            int(entry["OwnerProcessId"]), f"{logon >> 32:08x}:{logon & 0xFFFFFFFF:08x}",
            int(entry["References"]),
            (DRIVE_TYPES[kind] if kind < len(DRIVE_TYPES) else str(kind)) if mapped else "-",
            " | ".join(links.get(letter, ["-"]))]


class Drives(IrplabCommand):
    """drives - basesrv's drive table beside what the object manager has: per
letter in use anywhere, the entry (state, owner, logon, references), the
drive-map bit and type, and the \\DosDevices link's targets, newest first.
The table and CSRSS's counts are read from the running csrss process's
memory, wherever gdb stopped."""

    def __init__(self):
        super().__init__("drives")

    def run(self, argument):
        csrss = running_process("csrss")
        server = process_variable(csrss, "CsrpBaseSrv")
        stats = process_variable(csrss, "CsrStatistics")
        drive_map = gdb.parse_and_eval("ObpDriveMap")
        variant = int(server["Variant"])
        gdb.write(f"basesrv {VARIANTS[variant] if variant < len(VARIANTS) else variant}; "
                  f"CSRSS process {process_text(csrss)}: {int(stats['Threads'])} server threads "
                  f"({int(stats['IdleThreads'])} idle), "
                  f"{int(stats['DefineInside'])} inside BaseSrvDefineDosDevice\n")
        links = drive_links()
        rows = []
        for i in range(26):
            letter = chr(ord("A") + i)
            entry = server["Drives"][i]
            used = int(entry["State"]) != 0 or letter in links or \
                int(drive_map["DriveMap"]) & (1 << i)
            if used:
                rows.append(drive_row(letter, entry, links, drive_map))
        if not rows:
            gdb.write("  no drive letter is in use\n")
            return
        print_table(["DRIVE", "STATE", "OWNER", "LOGON", "REFS", "MAP", "LINK"], rows)


class Peb(IrplabCommand):
    """peb PID - a process's PEB and process parameters, read from its memory
through its own page directory (whichever process gdb stopped in)."""

    def __init__(self):
        super().__init__("peb")

    def run(self, argument):
        if not argument:
            raise Failure("usage: peb PID")
        process = process_by_id(evaluate(argument))
        address = int(at(process, "EPROCESS")["Peb"])
        if address == 0:
            raise Failure(f"process {process_text(process)} has no PEB "
                          f"(a process of system threads only)")
        peb = process_value(process, address, typ("PEB"))
        gdb.write(f"Process {process_text(process)}: PEB at {address:#x}, page directory "
                  f"{int(at(process, 'EPROCESS')['Vm']['DirectoryTableBase']):#x}\n"
                  f"  ImageBaseAddress   {int(peb['ImageBaseAddress']):#x}\n")
        parameters = int(peb["ProcessParameters"])
        gdb.write(f"  ProcessParameters  {parameters:#x}\n")
        if parameters:
            p = process_value(process, parameters, typ("RTL_USER_PROCESS_PARAMETERS"))
            gdb.write(f"    ImagePathName    {process_string(process, p['ImagePathName'])}\n"
                      f"    CommandLine      {process_string(process, p['CommandLine'])}\n")


# ---------------------------------------------------------------- NWRDR

NWR_SAP_AGE_MS = 60000      # drivers/nwrdr/nwrdrp.h: a SAP answer is trusted this long
KTIME_PER_MS = 10000        # kernel/ke/ke.h, as is KSCHED_POLICY:
SCHED_POLICY_PCT = 1


def kernel_time_ms():
    """KeQueryKernelTime in ms: the virtual clock under sched=pct, else the real one."""
    if int(kernel_variable("KeBootArgs")["Sched"]) == SCHED_POLICY_PCT:
        return int(kernel_variable("KiVirtualTime")) // KTIME_PER_MS
    return int(kernel_variable("KiRealTime"))


def walk(head, type_name, link):
    """list_entries for a list NWRDR may be changing where gdb stopped: the
    records read before a broken link, and what broke (None: the list ended)."""
    found = []
    try:
        for record in list_entries(head, type_name, link):
            found.append(record)
    except Failure as e:
        return found, str(e)
    except gdb.MemoryError as e:
        return found, f"list at {head:#x}: {e}"
    return found, None


def ncp_connection(address):
    """The NCP_CONNECTION at ADDRESS. The type is opaque outside ncpclient.c,
    so its layout comes from that file's debug information."""
    block = gdb.block_for_pc(int(gdb.parse_and_eval("&NcpTransact")))
    t = gdb.lookup_type("struct _NCP_CONNECTION", block)
    return gdb.Value(address).cast(t.pointer()).dereference()


def ipx_address_text(a):
    """An IPX address as NetWare writes one: NETWORK:NODE:SOCKET."""
    node = read_bytes(address_of(a["Node"]), 6).hex()
    return f"{int(a['Network']) & 0xFFFFFFFF:08x}:{node}:{int(a['Socket']) & 0xFFFF:04x}"


def enum_text(value, prefix):
    """An enum value by its name without PREFIX, lower case (NwrFcbFile: file)."""
    name = str(value)
    return name[len(prefix):].lower() if name.startswith(prefix) else name


def yes_no(value):
    return "yes" if int(value) else "no"


def nwr_process_text(pid):
    """A context's process, by id from the process list."""
    try:
        return process_text(process_by_id(pid))
    except Failure:
        return f"{pid} (not on the process list)"


def nwr_irp_row(server_name, irp, state):
    """A row of a connection's work: the IRP, and what its current stack
    location asks (the one NWRDR was called with)."""
    i = at(irp, "IRP")
    if int(i["Type"]) != IO_TYPE_IRP:
        return [server_name, f"{irp:#x}", "-", state, f"not an IRP (Type {int(i['Type'])})",
                "", ""]
    count, current = int(i["StackCount"]), int(i["CurrentLocation"])
    if not 1 <= current <= min(count, 32):
        return [server_name, f"{irp:#x}", int(i["Id"]), state, "-", "-", "-"]
    sp = i["Stack"][current - 1]
    major = int(sp["MajorFunction"])
    return [server_name, f"{irp:#x}", int(i["Id"]), state, major_name(major),
            file_text(int(sp["FileObject"])), stack_parameters(major, sp)]


def nwr_held_ties(device, listed):
    """{context: [tie]}: the ties open files hold that no listed context has
    on its list (deleted with files open, or their context ended by stop),
    found through every process's handle table. A tie's own Context is not
    referenced; its server's is, so that one names the context."""
    held = {}
    for process in all_processes():
        table = int(at(process, "EPROCESS")["ObjectTable"])
        for _, _, body in handle_entries(table) if table else ():
            if object_type_name(body) != "File":
                continue
            f = at(body, "FILE_OBJECT")
            fcb = int(f["FsContext"])
            tie = int(at(fcb, "NWR_FCB")["Tie"]) if int(f["DeviceObject"]) == device and fcb else 0
            if tie == 0 or tie in listed:
                continue
            context = int(at(int(at(tie, "NWR_TIE")["Server"]), "NWR_SERVER")["Context"])
            ties = held.setdefault(context, [])
            if tie not in ties:
                ties.append(tie)
    return held


class NwRdr(IrplabCommand):
    """nwrdr - NWRDR, the NetWare redirector: whether it runs, its epoch, its
counters and SAP cache; then each user context (process, logon) with its
server connections (NCP connection number and task, buffer size, worker
thread, the IRP on the wire and those queued behind it), its drive-letter
ties and the opens under each. Ties off the lists that open files still
hold (deleted with files open, or their context ended by stop) are found
through the handle tables and shown with their context. Read from NwrData
without its lock: a list that breaks where gdb stopped is reported where
it breaks."""

    def __init__(self):
        super().__init__("nwrdr")

    def run(self, argument):
        data = kernel_variable("NwrData")
        device = int(data["Device"])
        if device == 0:
            gdb.write("NWRDR is not loaded (NwrData.Device is NULL: no network card, "
                      "or the driver was unloaded)\n")
            return
        self.print_driver(data, device)
        contexts, broken = walk(address_of(data["Contexts"]), "NWR_CONTEXT", "Links")
        ties = {c: walk(address_of(at(c, "NWR_CONTEXT")["Ties"]), "NWR_TIE", "Links")
                for c in contexts}
        try:
            held = nwr_held_ties(device, {t for found, _ in ties.values() for t in found})
        except (Failure, gdb.MemoryError) as e:
            held = {}
            gdb.write(f"(ties held by open files not searched: the handle tables: {e})\n")
        if not contexts:
            gdb.write("No user context\n")
        for context in contexts:
            found, ties_broken = ties[context]
            self.print_context(context, found + held.pop(context, []), ties_broken)
        if broken:
            gdb.write(f"(contexts: {broken})\n")
        if held:
            gdb.write("Off NwrData's list, held by open files:\n")
        for context, found in held.items():
            self.print_context(context, found, None)

    def print_driver(self, data, device):
        st = data["Stats"]
        gdb.write(f"NWRDR {device_text(device)} ({device:#x}): "
                  f"{'stopped' if int(data['Stopped']) else 'started'}, "
                  f"epoch {int(data['Epoch'])}\n"
                  f"  now        contexts {int(st['Contexts'])}, servers {int(st['Servers'])}, "
                  f"ties {int(st['Ties'])}, opens {int(st['Opens'])}\n"
                  f"  ended      contexts {int(st['ContextsEnded'])}, "
                  f"servers {int(st['ServersEnded'])}\n"
                  f"  I/O        reads {int(st['Reads'])}, writes {int(st['Writes'])}, "
                  f"cancelled {int(st['Cancelled'])}; bytes read {int(st['BytesRead'])}, "
                  f"written {int(st['BytesWritten'])}\n"
                  f"  SAP        queries {int(st['SapQueries'])}, "
                  f"cache hits {int(st['SapCacheHits'])}\n")
        now = kernel_time_ms()
        rows = []
        cache = data["Sap"]
        for n in range(cache.type.range()[1] + 1):
            name = read_chars(cache[n]["Name"])
            if not name:
                continue
            age = now - int(cache[n]["Time"])
            rows.append([name, ipx_address_text(cache[n]["Entry"]["Address"]),
                         f"{age / 1000:.1f} s" + (" (stale)" if age >= NWR_SAP_AGE_MS else "")])
        if not rows:
            gdb.write("  SAP cache: empty\n")
            return
        gdb.write("  SAP cache:\n")
        print_table(["SERVER", "ADDRESS", "AGE"], rows, indent="    ")

    def print_context(self, context, ties, ties_broken):
        c = at(context, "NWR_CONTEXT")
        gdb.write(f"Context {context:#x}: process {nwr_process_text(int(c['ProcessId']))}, "
                  f"logon {luid_text(c['LogonId'])}, references {int(c['References'])}, "
                  f"ended {yes_no(c['Ended'])}\n")
        servers, broken = walk(address_of(c["Servers"]), "NWR_SERVER", "Links")
        self.print_servers(servers, broken)
        self.print_ties(ties, ties_broken)

    def print_servers(self, servers, broken):
        rows, work, problems = [], [], [broken] if broken else []
        for server in servers:
            s = at(server, "NWR_SERVER")
            name = read_chars(s["Name"])
            queued, queue_broken = walk(address_of(s["Queue"]), "IRP", "Tail.Apc.ApcListEntry")
            if queue_broken:
                problems.append(f"{name}'s queue: {queue_broken}")
            if int(s["Active"]):
                work.append(nwr_irp_row(name, int(s["Active"]), "wire"))
            work += [nwr_irp_row(name, irp, "queued") for irp in queued]
            rows.append(self.server_row(server, s, name, len(queued)))
        self.print_section("servers", ["SERVER", "USER", "CONN", "TASK", "BUFFER", "STATE",
                                       "REFS", "WORKER", "QUEUED", "NWR_SERVER"], rows, problems)
        if work:
            gdb.write("  work (on the wire, then queued):\n")
            print_table(["SERVER", "IRP", "ID", "STATE", "MAJOR", "FILE", "PARAMETERS"], work,
                        indent="    ")

    def server_row(self, server, s, name, queued):
        ncp = int(s["Ncp"])
        number, task = "-", "-"
        if ncp:
            n = ncp_connection(ncp)
            number, task = int(n["Number"]), int(n["Task"])
        state = [word for word, flag in (("dead", s["Dead"]), ("stopping", s["Stopping"]))
                 if int(flag)]
        worker = int(s["Worker"])
        return [name, read_chars(s["UserName"]), number, task, int(s["BufferSize"]),
                "+".join(state) or "live", int(s["References"]),
                int(at(worker, "KTHREAD")["Header"]["Id"]) if worker else "-", queued,
                f"{server:#x}"]

    def print_ties(self, ties, broken):
        rows, opens, problems = [], [], [broken] if broken else []
        for tie in ties:
            t = at(tie, "NWR_TIE")
            letter, volume = chr(int(t["Letter"]) & 0xFF), read_chars(t["Volume"])
            server = int(t["Server"])
            server_name = read_chars(at(server, "NWR_SERVER")["Name"]) if server else "-"
            rows.append([f"{letter}:", f"{server_name}\\{volume}", int(t["VolumeNumber"]),
                         int(t["OpenFiles"]), int(t["References"]), yes_no(t["Deleted"]),
                         f"{tie:#x}"])
            fcbs, fcbs_broken = walk(address_of(t["Fcbs"]), "NWR_FCB", "Links")
            if fcbs_broken:
                problems.append(f"{letter}:'s opens: {fcbs_broken}")
            for fcb in fcbs:
                rows_of_fcb, ccbs_broken = self.open_rows(f"{letter}:", volume, fcb)
                opens += rows_of_fcb
                if ccbs_broken:
                    problems.append(f"{letter}:'s opens of {fcb:#x}: {ccbs_broken}")
        self.print_section("ties", ["TIE", "REMOTE", "VOLNO", "OPEN", "REFS", "DELETED",
                                    "NWR_TIE"], rows, problems)
        if opens:
            gdb.write("  opens:\n")          # a row per open (NWR_CCB); a file's FCB is shared
            print_table(["TIE", "KIND", "PATH", "SIZE", "DELETE", "HANDLE", "NWR_FCB",
                         "NWR_CCB"], opens, indent="    ")

    def open_rows(self, letter, volume, fcb):
        """One row per open (NWR_CCB) of the file (NWR_FCB); one with no
        handle when every open has been cleaned up and awaits its close."""
        f = at(fcb, "NWR_FCB")
        kind = enum_text(f["Kind"], "NwrFcb")
        is_file = kind == "file"
        first = [letter, kind, f"{volume}:{read_chars(f['Path'])}",
                 int(f["Size"]) if is_file else "-", yes_no(f["DeletePending"])]
        ccbs, broken = walk(address_of(f["Ccbs"]), "NWR_CCB", "Links")
        rows = []
        for ccb in ccbs:
            c = at(ccb, "NWR_CCB")
            handle = read_bytes(address_of(c["Handle"]), c["Handle"].type.sizeof).hex()
            rows.append(first + [handle if is_file else "-", f"{fcb:#x}", f"{ccb:#x}"])
        return rows or [first + ["-", f"{fcb:#x}", "-"]], broken

    def print_section(self, title, header, rows, problems):
        if rows:
            gdb.write(f"  {title}:\n")
            print_table(header, rows, indent="    ")
        else:
            gdb.write(f"  {title}: none\n")
        for problem in problems:
            gdb.write(f"    ({problem})\n")


def drive_entry_watch(letter):
    """A gdb watch expression for LETTER's entry in CSRSS, the whole of it:
    CsrpBaseSrv.Drives[i] by the csrss image's symbols (each image has a
    base of its own, so no other process has this address)."""
    symbol = image_objfile("csrss").lookup_static_symbol("CsrpBaseSrv")
    if symbol is None:
        raise Failure("no symbol CsrpBaseSrv in the image csrss")
    server = symbol.type.strip_typedefs()
    drives = next(f for f in server.fields() if f.name == "Drives")
    entry = drives.type.target().strip_typedefs()
    address = int(symbol.value().address) + drives.bitpos // 8 + \
        (ord(letter) - ord("A")) * entry.sizeof
    return f"*(unsigned char (*)[{entry.sizeof}]){address:#x}"


def orphan_arguments(argument, count_too):
    words = argument.split()
    if not words or len(words[0]) != 1 or not "A" <= words[0].upper() <= "Z":
        raise Failure("give the letter the audit named (and for orphan, the count "
                      "orphan-count printed)")
    if count_too and (len(words) != 2 or not words[1].isdigit() or int(words[1]) == 0):
        raise Failure("orphan LETTER N: N is the count orphan-count printed")
    return words[0].upper(), int(words[1]) if count_too else 0


class CountingWatch(gdb.Breakpoint):
    """A write watchpoint that counts the writes and never stops."""

    def __init__(self, expression):
        super().__init__(expression, gdb.BP_WATCHPOINT, gdb.WP_WRITE, internal=True)
        self.hits = 0

    def stop(self):
        self.hits += 1
        return False


class OrphanCount(IrplabCommand):
    """orphan-count LETTER - run a replay (make replay) from its start to the
audit's verdict (ExScenarioOrphaned), counting the writes to LETTER's entry
in basesrv's drive table; prints the count, which orphan takes."""

    def __init__(self):
        super().__init__("orphan-count")

    def run(self, argument):
        letter, _ = orphan_arguments(argument, False)
        watch = CountingWatch(drive_entry_watch(letter))
        stop = gdb.Breakpoint("ExScenarioOrphaned", internal=True)
        try:
            gdb.execute("continue", to_string=True)
        finally:
            watch.delete()
            stop.delete()
        if gdb.selected_frame().name() != "ExScenarioOrphaned":
            raise Failure("the replay ended before the audit named an orphan")
        gdb.write(f"orphan-count: {letter}: {watch.hits} writes to its entry before the "
                  f"audit\n")


class Orphan(IrplabCommand):
    """orphan LETTER N - in a fresh replay of the same recording (make
replay), run to the Nth write to LETTER's drive-table entry - the last
before the audit, by orphan-count - and print who wrote it: thread,
process, function and line, the LPC request it served, its IRPs in flight.
Time travel by re-execution: the replay is deterministic, so the Nth write
is the same write in every replay."""

    def __init__(self):
        super().__init__("orphan")

    def run(self, argument):
        letter, count = orphan_arguments(argument, True)
        watch = gdb.Breakpoint(drive_entry_watch(letter), gdb.BP_WATCHPOINT, gdb.WP_WRITE,
                               internal=True)
        watch.ignore_count = count - 1
        try:
            gdb.execute("continue", to_string=True)
        finally:
            watch.delete()
        self.report(letter, count)

    def report(self, letter, count):
        thread = int(gdb.parse_and_eval("KiCurrentThread"))
        t = at(thread, "KTHREAD")
        process = thread_process(t)
        frame, where = gdb.selected_frame(), None
        while frame is not None and where is None:
            if (frame.name() or "").startswith("BaseSrv"):
                where = frame
            frame = frame.older()
        gdb.write(f"orphan: {letter}: write {count}, the last before the audit, by thread "
                  f"{thread_text(thread)} of process {process_text(process)}\n")
        if where is not None:
            sal = where.find_sal()
            source = f"{os.path.relpath(sal.symtab.fullname(), ROOT)}:{sal.line}" \
                if sal.symtab else "?"
            gdb.write(f"orphan:   in {where.name()} at {source}\n")
        else:
            gdb.write(f"orphan:   at {gdb.selected_frame().pc():#x}, outside basesrv\n")
        gdb.write(f"orphan:   {self.request_text(process, t)}\n")
        irps = list(list_entries(address_of(at(thread, "ETHREAD")["IrpList"]), "IRP",
                                 "ThreadListEntry"))
        gdb.write("orphan:   IRPs in flight: " +
                  (", ".join(f"#{int(at(i, 'IRP')['Id'])}" for i in irps) or "none") + "\n")

    @staticmethod
    def request_text(process, t):
        """The LPC request the thread serves: its TEB's CsrClientThread."""
        teb = int(t["Teb"])
        if teb == 0:
            return "no ring-3 side"
        client = int.from_bytes(read_process_memory(process, teb + 0x3C, 4), "little")
        if client == 0:
            return "serving no LPC request"
        c = process_value(process, client, typ("BASESRV_CLIENT"))
        request = int(c["Request"])
        text = f"serving the LPC request of process {int(c['ProcessId'])}"
        if request:
            message = process_value(process, request, typ("PORT_MESSAGE"))
            text += f", message #{int(message['MessageId'])}"
        return text


for command in (Irp, DevObj, DrvObj, Ps, Handles, Threads, Drives, Peb, NwRdr, OrphanCount,
                Orphan):
    command()
