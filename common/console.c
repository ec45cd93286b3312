/* printk and the guests' console lines. */
#include <larch/console.h>
#include <larch/atomic.h>
#include <larch/domain.h>
#include <string.h>

static spinlock_t console_lock = SPIN_LOCK_UNLOCKED;

static void put_locked(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			arch_console_putc('\r');
		arch_console_putc(*s);
	}
}

void console_puts(const char *s)
{
	spin_lock(&console_lock);
	put_locked(s);
	spin_unlock(&console_lock);
}

void printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintk(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_puts(buf);
}

/* One physical line of a guest's line, under the console lock. A line too
 * long for the buffer goes out as several physical lines, each prefixed
 * "(d<domid>) ", so no piece can pass for another domain's line or lose
 * whose it is; a line that fits is printed as the guest wrote it. */
static void put_guest_piece(struct domain *d)
{
	char prefix[16];
	d->con_line[d->con_len] = '\0';
	spin_lock(&console_lock);
	if (d->con_split) {
		snprintk(prefix, sizeof(prefix), "(d%u) ", (unsigned)d->domid);
		put_locked(prefix);
	}
	put_locked(d->con_line);
	put_locked("\n");
	spin_unlock(&console_lock);
	d->con_len = 0;
}

/* Whole lines only, so lines of domains on different pCPUs never mix.
 * Control characters other than newline are dropped. */
void console_guest_write(struct domain *d, const char *buf, size_t len)
{
	/* a domain's vCPUs (and its console ring's drainer) write at once */
	spin_lock(&d->con_lock);
	for (size_t i = 0; i < len; i++) {
		char c = buf[i];
		/* A terminal escape sequence (ESC x, or ESC [ params final) is
		 * dropped whole: a guest's cursor queries must neither drive
		 * the shared console's terminal nor leave their tail behind. */
		if (d->con_esc && c != '\n') {
			if (d->con_esc == 1 && c == '[')
				d->con_esc = 2;
			else if (d->con_esc == 1 || (c >= 0x40 && c <= 0x7e))
				d->con_esc = 0;
			continue;
		}
		d->con_esc = c == 0x1b;
		if (d->con_esc)
			continue;
		if (c == '\n') {
			/* the end of a split line may be empty: no empty
			 * physical line for it */
			if (d->con_len || !d->con_split)
				put_guest_piece(d);
			d->con_split = false;
			continue;
		}
		if ((unsigned char)c < 0x20 || c == 0x7f)
			continue;
		if (d->con_len == sizeof(d->con_line) - 1) {
			d->con_split = true;
			put_guest_piece(d);
		}
		d->con_line[d->con_len++] = c;
	}
	spin_unlock(&d->con_lock);
}

void panic(const char *fmt, ...)
{
	char buf[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintk(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_puts("larch: PANIC: ");
	console_puts(buf);
	console_puts("\n");
	arch_machine_exit(2);
	for (;;)
		;
}

#ifndef LARCH_HOSTED
/* libfdt is built with the stack protector; a smashed canary is fatal. */
void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	panic("stack protector: canary overwritten");
}
#endif

/* A lock held past SPIN_LIMIT polls (include/larch/atomic.h): one line
 * naming both sides, written without the console lock (it may be the stuck
 * one), then the machine ends with its own exit code. */
void spin_stuck(spinlock_t *l, const char *site)
{
	char buf[256];
	int n = snprintk(buf, sizeof(buf),
			 "\nlarch: lock stuck: pCPU %u spinning at %s on lock "
			 "%p, held ",
			 arch_cpu_id(), site, (void *)l);
#ifdef LARCH_HOSTED
	n += snprintk(buf + n, sizeof(buf) - (size_t)n, "by pCPU %u ",
		      l->holder_cpu);
#endif
	snprintk(buf + n, sizeof(buf) - (size_t)n, "since %s\n",
		 l->holder_site ? l->holder_site : "(unknown)");
	put_locked(buf);
	for (;;)
		arch_machine_exit(LARCH_EXIT_LOCK_STUCK);
}

#ifdef LARCH_HOSTED
#include <stdio.h>
#include <stdlib.h>
/* include/larch/atomic.h: in hosted builds (host tests, fuzzers, the ia64
 * model) a broken lock discipline stops the process at the line that
 * broke it. */
void spin_discipline_failed(const spinlock_t *l, const char *site,
			    const char *what)
{
	fprintf(stderr,
		"larch: lock discipline: %s: lock %p at %s on pCPU %u "
		"(holder pCPU %u, taken at %s)\n",
		what, (const void *)l, site, arch_cpu_id(), l->holder_cpu,
		l->holder_site ? l->holder_site : "(none)");
	abort();
}
#endif
