/*
 * args.c - key=value command lines checked against a table of RTL_ARG_SPEC.
 *
 * The kernel's boot arguments are the first user. The parser works on a
 * copy of each word in a bounded buffer, so an over-long, unterminated or
 * binary command line costs a report, never memory or a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rtl/rtl.h"

static VOID RtlpReport(PRTL_ARG_REPORT Report, const char *Fmt, const char *A, const char *B)
{
    char line[2 * RTL_ARG_WORD_MAX + 96];

    snprintf(line, sizeof(line), Fmt, A, B);
    Report(line);
}

/* The index of Item (Length bytes) in the '|'-separated Choices, or -1. */
static int RtlpFindChoice(const char *Choices, const char *Item, SIZE_T Length)
{
    const char *p = Choices;
    int index = 0;

    while (*p) {
        SIZE_T n = strcspn(p, "|");
        if (n == Length && strncmp(p, Item, n) == 0)
            return index;
        p += n + (p[n] == '|');
        index++;
    }
    return -1;
}

static BOOLEAN RtlpTakeName(const RTL_ARG_SPEC *Spec, const char *Value)
{
    SIZE_T n = strlen(Value);

    if (n == 0 || n > Spec->Limit || strspn(Value,
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") != n)
        return FALSE;
    memcpy(Spec->Value, Value, n + 1);
    return TRUE;
}

static BOOLEAN RtlpTakeList(const RTL_ARG_SPEC *Spec, const char *Value)
{
    SIZE_T n = strlen(Value);

    if (n == 0 || n > Spec->Limit || strspn(Value, "0123456789.:,") != n)
        return FALSE;
    memcpy(Spec->Value, Value, n + 1);
    return TRUE;
}

static BOOLEAN RtlpTakeNumber(const RTL_ARG_SPEC *Spec, const char *Value)
{
    char *end;
    unsigned long v;

    if (*Value < '0' || *Value > '9')
        return FALSE;
    v = strtoul(Value, &end, 0);
    if (*end != '\0' || v > Spec->Limit)
        return FALSE;
    *(ULONG *)Spec->Value = (ULONG)v;
    return TRUE;
}

static BOOLEAN RtlpTakeValue(const RTL_ARG_SPEC *Spec, const char *Value)
{
    int choice;

    switch (Spec->Type) {
    case RtlArgName:
        return RtlpTakeName(Spec, Value);
    case RtlArgNumber:
        return RtlpTakeNumber(Spec, Value);
    case RtlArgList:
        return RtlpTakeList(Spec, Value);
    case RtlArgChoice:
        choice = RtlpFindChoice(Spec->Choices, Value, strlen(Value));
        if (choice < 0)
            return FALSE;
        *(ULONG *)Spec->Value = (ULONG)choice;
        return TRUE;
    case RtlArgRefused:
        break;
    }
    return FALSE;
}

static const char *RtlpExpected(const RTL_ARG_SPEC *Spec)
{
    switch (Spec->Type) {
    case RtlArgName:   return "a name of letters, digits, '_', '-' or '.'";
    case RtlArgNumber: return "a number in range";
    case RtlArgList:   return "digits, '.', ':' and ','";
    default:           return Spec->Choices;
    }
}

/* Takes one word; returns FALSE when it was reported and ignored. */
static BOOLEAN RtlpTakeWord(char *Word, const RTL_ARG_SPEC *Specs, ULONG Count,
                            PRTL_ARG_REPORT Report)
{
    char *eq = strchr(Word, '=');
    ULONG i;

    for (i = 0; Word[i]; i++) {
        if ((UCHAR)Word[i] < 0x21 || (UCHAR)Word[i] > 0x7E) {
            RtlpReport(Report, "bootargs: an argument holds non-text bytes, ignored%s%s", "", "");
            return FALSE;
        }
    }
    if (eq == NULL || eq == Word) {
        RtlpReport(Report, "bootargs: '%s' is not key=value, ignored%s", Word, "");
        return FALSE;
    }
    *eq = '\0';
    for (i = 0; i < Count; i++) {
        if (strcmp(Specs[i].Name, Word) != 0)
            continue;
        if (Specs[i].Type == RtlArgRefused) {
            RtlpReport(Report, "bootargs: %s= is not implemented yet (%s), ignored", Word,
                       Specs[i].Choices);
            return FALSE;
        }
        if (RtlpTakeValue(&Specs[i], eq + 1))
            return TRUE;
        RtlpReport(Report, "bootargs: bad value '%s' for %s, ignored", eq + 1, Word);
        RtlpReport(Report, "bootargs:   %s wants %s", Word, RtlpExpected(&Specs[i]));
        return FALSE;
    }
    RtlpReport(Report, "bootargs: unknown argument '%s=%s' ignored", Word, eq + 1);
    return FALSE;
}

static BOOLEAN RtlpIsSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Parses every word of CommandLine; returns how many were ignored. */
ULONG RtlParseArguments(const char *CommandLine, const RTL_ARG_SPEC *Specs, ULONG SpecCount,
                        PRTL_ARG_REPORT Report)
{
    char word[RTL_ARG_WORD_MAX];
    const char *p = CommandLine;
    ULONG rejected = 0;

    while (*p) {
        SIZE_T n;
        while (RtlpIsSpace(*p))
            p++;
        for (n = 0; p[n] && !RtlpIsSpace(p[n]); n++)
            ;
        if (n == 0)
            break;
        if (n >= sizeof(word)) {
            snprintf(word, sizeof(word), "%.32s", p);
            RtlpReport(Report, "bootargs: argument '%s...' is too long, ignored%s", word, "");
            rejected++;
        } else {
            memcpy(word, p, n);
            word[n] = '\0';
            rejected += !RtlpTakeWord(word, Specs, SpecCount, Report);
        }
        p += n;
    }
    return rejected;
}
