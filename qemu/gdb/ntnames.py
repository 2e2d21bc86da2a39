"""ntnames.py - NT's names for numbers irplab prints in more than one tool:
the gdb commands (irplab.py) and the timeline (tools/timeline.py). Plain
Python, no gdb."""

# IRP_MJ_*, in the order of their numbers (kernel/io/io.h).
MAJOR_FUNCTIONS = [
    "CREATE", "CREATE_NAMED_PIPE", "CLOSE", "READ", "WRITE", "QUERY_INFORMATION",
    "SET_INFORMATION", "QUERY_EA", "SET_EA", "FLUSH_BUFFERS", "QUERY_VOLUME_INFORMATION",
    "SET_VOLUME_INFORMATION", "DIRECTORY_CONTROL", "FILE_SYSTEM_CONTROL", "DEVICE_CONTROL",
    "INTERNAL_DEVICE_CONTROL", "SHUTDOWN", "LOCK_CONTROL", "CLEANUP", "CREATE_MAILSLOT",
    "QUERY_SECURITY", "SET_SECURITY", "POWER", "SYSTEM_CONTROL", "DEVICE_CHANGE",
    "QUERY_QUOTA", "SET_QUOTA", "PNP"]


def major_name(major):
    """IRP_MJ_NAME for a major function number (IRP_MJ_0xNN past the list)."""
    if 0 <= major < len(MAJOR_FUNCTIONS):
        return "IRP_MJ_" + MAJOR_FUNCTIONS[major]
    return f"IRP_MJ_{major:#04x}"
