# lpc.mk - kernel/lpc, local procedure calls (ports and messages).
LPC_SRCS := kernel/lpc/port.c kernel/lpc/message.c
