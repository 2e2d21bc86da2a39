/*
 * nwrname.h - the part of NWRDR that needs no kernel: the names it is
 * given and what it makes of NCP's answers (nwrname.c). The redirector
 * (nwrdrp.h) and the fuzz target tests/fuzz/fuzz_nwrdr.c compile the same
 * file.
 */
#ifndef NWRNAME_H
#define NWRNAME_H

#include "ntdef.h"
#include "ntio.h"
#include "nwrdr.h"
#include "drivers/nwrdr/ncpwire.h"

#define NWR_MAX_SERVER      48
#define NWR_MAX_VOLUME      16
#define NWR_MAX_PATH        256
#define NWR_IO_SIZE         1024    /* what NWRDR negotiates and moves per NCP read */

/* What a name below \Device\NwRdr says. */
typedef enum _NWR_NAME_KIND {
    NwrNameDevice,                  /* "": the redirector itself (for FSCTLs) */
    NwrNameVolume,                  /* "\;X:\SERVER\VOLUME": the volume's root */
    NwrNameFile,                    /* "\;X:\SERVER\VOLUME\PATH" */
} NWR_NAME_KIND;

typedef struct _NWR_NAME {
    NWR_NAME_KIND Kind;
    CHAR Letter;
    CHAR Server[NWR_MAX_SERVER];
    CHAR Volume[NWR_MAX_VOLUME];
    CHAR Path[NWR_MAX_PATH];        /* "DIR\FILE", upper case; "" for the root */
} NWR_NAME, *PNWR_NAME;

NTSTATUS NwrParseName(const STRING *Name, PNWR_NAME Out);
NTSTATUS NwrParseTarget(PCSTR Target, PNWR_NAME Out);
NTSTATUS NwrMapTimes(USHORT Date, USHORT Time, LONG64 *NtTime);
BOOLEAN NwrPackEntry(PUCHAR Buffer, ULONG Length, PULONG Used, PULONG Last,
                     const NCP_SEARCH_ENTRY *Entry, ULONG Index);
NTSTATUS NwrPutName(PCHAR Out, ULONG Room, PCSTR Name, PULONG NameLength, PULONG Used,
                    ULONG Fixed);
USHORT NwrUsableBufferSize(USHORT Negotiated);
USHORT NwrPiece(USHORT BufferSize, ULONG64 Offset, ULONG Remaining);

#endif
