/* The hypervisor console: printk and guest console lines. */
#ifndef LARCH_CONSOLE_H
#define LARCH_CONSOLE_H

#include <larch/types.h>
#include <larch/format.h>
#include <public/console.h>
#include <public/event_channel.h>

struct domain;

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Guest bytes: buffered per domain and printed a whole line at a time. */
void console_guest_write(struct domain *d, const char *buf, size_t len);
void console_puts(const char *s);
/* The PV console ring larch serves for d (common/xen_console.c): ring is
 * the page in d's memory, port the event channel the guest was told of
 * (evtchn_bind_hypervisor). Console input goes to the first running domain
 * (by slot) that has a ring. */
void xen_console_attach(struct domain *d, struct xencons_interface *ring,
			evtchn_port_t port);
/* The guest sent on its console port: print its output, take note of the
 * input it consumed. */
void xen_console_notify(struct domain *d);

/* Console input, fed by the arch's UART driver into the input domain's
 * ring. The driver takes a byte off the hardware only while
 * console_input_room() is non-zero, so what the guest has not read yet
 * waits in the emulator's (or the line's) buffer instead of being lost;
 * console_input_push() hands the guest what was put. The driver registers
 * resume, called when room may have come back (stop its receive interrupt
 * while there is none). */
void console_input_register(void (*resume)(void));
size_t console_input_room(void);
void console_input_put(char c);
void console_input_push(void);

/* Print and stop the machine (exit code 2 where QEMU can report one). */
void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));

/* ---- arch duties ---- */
void arch_console_putc(char c);
void arch_machine_exit(int code); /* also in hypercall.h */

#endif
