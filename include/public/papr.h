/* The PAPR interface a partition sees (ppc64, docs/arch-ppc.md): hcall
 * numbers and status values (PAPR's; the same as Linux's hvcall.h and
 * QEMU's), and what larch chose where PAPR leaves the choice to the
 * platform: terminal unit addresses, XICS source numbers and RTAS tokens,
 * all also named in the partition's device tree. Shared by the hypervisor
 * (arch/ppc/papr/) and larch's own PAPR test partitions (guest/papr/). */
#ifndef PUBLIC_PAPR_H
#define PUBLIC_PAPR_H

/* hcall status values */
#define H_SUCCESS	   0
#define H_BUSY		   1
#define H_HARDWARE	   (-1)
#define H_FUNCTION	   (-2)
#define H_PRIVILEGE	   (-3)
#define H_PARAMETER	   (-4)
#define H_P2		   (-55)
#define H_P3		   (-56)
#define H_P4		   (-57)
#define H_UNSUPPORTED_FLAG (-256)

/* hcall numbers; H_RTAS is the QEMU/KVM private one that Linux's RTAS
 * stub convention uses */
#define H_GET_TERM_CHAR	    0x54
#define H_PUT_TERM_CHAR	    0x58
#define H_EOI		    0x64
#define H_CPPR		    0x68
#define H_IPI		    0x6c
#define H_IPOLL		    0x70
#define H_XIRR		    0x74
#define H_REGISTER_VPA	    0xdc
#define H_CEDE		    0xe0
#define H_CONFER	    0xe4
#define H_PROD		    0xe8
#define H_XIRR_X	    0x2fc
#define H_SET_MODE	    0x31c
#define H_REGISTER_PROC_TBL 0x37c
#define H_RTAS		    0xf000

/* H_REGISTER_PROC_TBL flags */
#define PROC_TABLE_OP_MASK   0x18
#define PROC_TABLE_DEREG     0x10
#define PROC_TABLE_NEW	     0x18
#define PROC_TABLE_TYPE_MASK 0x06
#define PROC_TABLE_RADIX     0x04
#define PROC_TABLE_GTSE	     0x01

/* larch's terminals: the console at PAPR_VTERM_REG, link k (the domain's
 * k-th config channel) at PAPR_VTERM_REG + k; their input interrupts are
 * the XICS sources PAPR_IRQ_LINK (console) and PAPR_IRQ_LINK + k */
#define PAPR_VTERM_REG 0x30000000
#define PAPR_IRQ_LINK  0x1000
#define PAPR_MAX_LINKS 8

/* larch's RTAS tokens (the /rtas properties name them) */
enum papr_rtas_token {
	RTAS_DISPLAY_CHARACTER = 1,
	RTAS_GET_TIME_OF_DAY,
	RTAS_SET_TIME_OF_DAY,
	RTAS_POWER_OFF,
	RTAS_SYSTEM_REBOOT,
	RTAS_START_CPU,
	RTAS_QUERY_CPU_STOPPED_STATE,
	RTAS_STOP_SELF,
	RTAS_INT_ON,
	RTAS_INT_OFF,
	RTAS_SET_XIVE,
	RTAS_GET_XIVE,
	RTAS_OS_TERM,
	RTAS_EVENT_SCAN,
	RTAS_NR_TOKENS
};

#endif
