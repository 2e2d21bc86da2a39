/*
 * ntdef.h - the basic NT types shared by the kernel, the drivers, user/ and
 * the host programs that build the same sources (ncpserv, unit tests).
 *
 * Fixed-width types come from <stdint.h> so that a 64-bit host build of the
 * same code keeps the wire and structure sizes of the 32-bit kernel.
 */
#ifndef NTDEF_H
#define NTDEF_H

#include <stddef.h>
#include <stdint.h>

typedef void VOID;
typedef void *PVOID;
typedef uint8_t UCHAR, *PUCHAR;
typedef char CHAR, *PCHAR;
typedef uint16_t USHORT, *PUSHORT;
typedef int16_t SHORT;
typedef uint32_t ULONG, *PULONG;
typedef int32_t LONG, *PLONG;
typedef uint64_t ULONG64, ULONGLONG, *PULONGLONG;
typedef int64_t LONG64, LONGLONG;
typedef uintptr_t ULONG_PTR;
typedef size_t SIZE_T, *PSIZE_T;
typedef uint8_t BOOLEAN, *PBOOLEAN;
typedef const char *PCSTR;
typedef char *PSTR;

#define TRUE 1
#define FALSE 0

#ifndef NULL
#define NULL ((void *)0)
#endif

#define ARRAYSIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The structure that holds FIELD, given a pointer to FIELD. */
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((char *)(address) - offsetof(type, field)))

/* Shared by the kernel and the native API, as in NT's own ntdef.h. */
typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _WAIT_TYPE { WaitAll, WaitAny } WAIT_TYPE;

#include "ntstatus.h"

#endif
