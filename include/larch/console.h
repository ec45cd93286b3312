/* The hypervisor console: printk and guest console lines. */
#ifndef LARCH_CONSOLE_H
#define LARCH_CONSOLE_H

#include <larch/types.h>
#include <larch/format.h>

struct domain;

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Guest bytes: buffered per domain and printed a whole line at a time. */
void console_guest_write(struct domain *d, const char *buf, size_t len);
void console_puts(const char *s);
/* Print and stop the machine (exit code 2 where QEMU can report one). */
void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* ---- arch duties ---- */
void arch_console_putc(char c);
void arch_machine_exit(int code); /* also in hypercall.h */

#endif
