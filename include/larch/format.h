/* printf-style formatting without a C library: %s %c %d %i %u %x %p, with
 * l/ll/z length and a zero-padded width. Used by the hypervisor and the
 * test guests alike. */
#ifndef LARCH_FORMAT_H
#define LARCH_FORMAT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap);
int snprintk(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
