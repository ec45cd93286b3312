/* Only what libfdt needs. */
#ifndef LARCH_LIBC_STDLIB_H
#define LARCH_LIBC_STDLIB_H
unsigned long strtoul(const char *s, char **end, int base);
#endif
