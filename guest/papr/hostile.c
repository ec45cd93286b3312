/* A hostile PAPR partition (issue 16, "Isolation and bad input"): built
 * by larch as it builds a pseries kernel, it makes every hcall a kernel
 * could get wrong with bad arguments and checks PAPR's error code for
 * each, prints PASS/FAIL lines on its console terminal, then reads outside
 * its memory, which must stop it with a named reason while the other
 * domains go on (build/ppc/linux/papr-hostile.dts.in). */
#include "papr.h"

#define MEMORY (64ULL << 20) /* the config's memory */

static unsigned failed;

static void check(const char *name, long got, long want)
{
	char line[96];
	unsigned i = 0;
	const char *pre = got == want ? "PASS ppc/papr_hostile/"
				      : "FAIL ppc/papr_hostile/";
	while (*pre)
		line[i++] = *pre++;
	while (*name && i < sizeof(line) - 2)
		line[i++] = *name++;
	if (got != want) {
		const char *why = ": unexpected status";
		while (*why && i < sizeof(line) - 2)
			line[i++] = *why++;
		failed++;
	}
	line[i++] = '\n';
	line[i] = 0;
	puts_term(line);
}

void papr_main(uint64_t fdt);
void papr_main(uint64_t fdt)
{
	(void)fdt;
	const uint64_t radix =
		PROC_TABLE_NEW | PROC_TABLE_RADIX | PROC_TABLE_GTSE;
	puts_term("papr-hostile: start\n");
	/* the process table: outside its memory, misaligned, too big, or
	 * not radix */
	check("proc_tbl_outside", hc(H_REGISTER_PROC_TBL, radix, MEMORY, 0, 0),
	      H_P2);
	check("proc_tbl_far", hc(H_REGISTER_PROC_TBL, radix, 1ULL << 40, 0, 0),
	      H_P2);
	check("proc_tbl_straddles",
	      hc(H_REGISTER_PROC_TBL, radix, 48ULL << 20, 0, 12), H_P2);
	check("proc_tbl_misaligned",
	      hc(H_REGISTER_PROC_TBL, radix, 0x100800, 0, 1), H_P2);
	check("proc_tbl_size", hc(H_REGISTER_PROC_TBL, radix, 0, 0, 25), H_P4);
	check("proc_tbl_hash",
	      hc(H_REGISTER_PROC_TBL, PROC_TABLE_NEW, 0x100000, 0, 0),
	      H_PARAMETER);
	check("proc_tbl_inside", hc(H_REGISTER_PROC_TBL, radix, 0x100000, 0, 0),
	      H_SUCCESS);
	check("proc_tbl_dereg", hc(H_REGISTER_PROC_TBL, 0x10, 0, 0, 0),
	      H_SUCCESS);
	/* hcalls larch does not provide */
	check("unknown_hcall", hc(0x400, 0, 0, 0, 0), H_FUNCTION);
	check("unknown_hcall_again", hc(0x400, 0, 0, 0, 0), H_FUNCTION);
	check("unknown_hcall_odd", hc(0x12345, 0, 0, 0, 0), H_FUNCTION);
	check("unknown_hcall_huge", hc(~0ULL, 0, 0, 0, 0), H_FUNCTION);
	/* XICS: servers and sources it does not have */
	check("ipi_no_server", hc(H_IPI, 99, 5, 0, 0), H_PARAMETER);
	check("ipi_server_huge", hc(H_IPI, 1ULL << 32, 5, 0, 0), H_PARAMETER);
	check("ipoll_no_server", hc(H_IPOLL, 7, 0, 0, 0), H_PARAMETER);
	check("eoi_not_owned", hc(H_EOI, 0xff000777, 0, 0, 0), H_PARAMETER);
	check("eoi_no_link", hc(H_EOI, 0xff001001, 0, 0, 0), H_PARAMETER);
	check("prod_no_vcpu", hc(H_PROD, 3, 0, 0, 0), H_PARAMETER);
	/* terminals: no such terminal, too many bytes */
	check("term_no_such", hc(H_PUT_TERM_CHAR, VTERM + 5, 1, 0, 0),
	      H_PARAMETER);
	check("term_too_long", hc(H_PUT_TERM_CHAR, VTERM, 17, 0, 0),
	      H_PARAMETER);
	check("term_get_no_such", hc(H_GET_TERM_CHAR, 0, 0, 0, 0), H_PARAMETER);
	/* VPA: no such vCPU, outside its memory, crossing a page */
	check("vpa_no_vcpu", hc(H_REGISTER_VPA, 1ULL << 45, 4, 0x100000, 0),
	      H_PARAMETER);
	check("vpa_outside", hc(H_REGISTER_VPA, 1ULL << 45, 0, MEMORY, 0),
	      H_PARAMETER);
	/* a VPA header saying 640 bytes (big-endian, offset 4) */
	*(volatile uint16_t *)0x100f04 = __builtin_bswap16(640);
	*(volatile uint16_t *)0x102004 = __builtin_bswap16(640);
	check("vpa_crosses_page",
	      hc(H_REGISTER_VPA, 1ULL << 45, 0, 0x100f00, 0), H_PARAMETER);
	check("vpa_ok", hc(H_REGISTER_VPA, 1ULL << 45, 0, 0x102000, 0),
	      H_SUCCESS);
	check("set_mode_resource", hc(H_SET_MODE, 0, 99, 0, 0), H_P2);
	/* RTAS: argument blocks outside its memory or with bad counts */
	check("rtas_args_outside", hc(H_RTAS, MEMORY + 0x1000, 0, 0, 0),
	      H_PARAMETER);
	check("rtas_args_wrap", hc(H_RTAS, ~0ULL - 4, 0, 0, 0), H_PARAMETER);
	/* a block whose header is the last 12 bytes of its memory: its
	 * return word would be the first byte beyond */
	volatile uint32_t *last = (volatile uint32_t *)(MEMORY - 12);
	last[0] = be32(RTAS_GET_TIME_OF_DAY);
	last[1] = 0;
	last[2] = be32(1);
	check("rtas_rets_outside", hc(H_RTAS, MEMORY - 12, 0, 0, 0),
	      H_PARAMETER);
	check("rtas_nargs_huge", rtas(RTAS_GET_TIME_OF_DAY, 1000, 8),
	      H_PARAMETER);
	check("rtas_nret_zero", rtas(RTAS_GET_TIME_OF_DAY, 0, 0), H_PARAMETER);
	check("rtas_bad_token", rtas(0x7777, 0, 1), H_SUCCESS);
	check("rtas_bad_token_status", (int32_t)be32(rtas_args[3]), -3);
	check("rtas_time_ok", rtas(RTAS_GET_TIME_OF_DAY, 0, 8), H_SUCCESS);
	check("rtas_time_year", be32(rtas_args[4]) >= 2000, 1);
	/* its own clock: set, read back; a 13th month refused */
	static const uint32_t when[7] = { 2026, 12, 3, 12, 34, 56, 0 };
	for (unsigned i = 0; i < 7; i++)
		rtas_args[3 + i] = be32(when[i]);
	check("rtas_set_time", rtas(RTAS_SET_TIME_OF_DAY, 7, 1), H_SUCCESS);
	check("rtas_set_time_status", (int32_t)be32(rtas_args[10]), 0);
	rtas(RTAS_GET_TIME_OF_DAY, 0, 8);
	check("rtas_time_was_set",
	      be32(rtas_args[4]) == 2026 && be32(rtas_args[5]) == 12 &&
		      be32(rtas_args[6]) == 3 && be32(rtas_args[7]) == 12 &&
		      be32(rtas_args[8]) == 34 && be32(rtas_args[9]) >= 56,
	      1);
	rtas_args[3 + 1] = be32(13);
	rtas(RTAS_SET_TIME_OF_DAY, 7, 1);
	check("rtas_set_time_bad_month", (int32_t)be32(rtas_args[10]), -3);
	puts_term(failed ? "papr-hostile: some calls were not refused\n"
			 : "papr-hostile: every bad call refused\n");
	/* last: a load outside its memory stops it */
	puts_term("papr-hostile: reading outside its memory\n");
	(void)*(volatile uint64_t *)MEMORY;
	puts_term("FAIL ppc/papr_hostile/outside_read: it went on\n");
	power_off();
}
