#!/bin/sh
# The one reader of build/arches.txt (the backend table):
#   build/arches.sh names                 every backend, in table order
#   build/arches.sh canon <spelling>      the backend an ARCH= spelling means
#                                         (unknown spellings come back as is)
#   build/arches.sh get <name> <column>   one fact: aliases libfdt mask saved
#                                         bit set tools
#   build/arches.sh all <column>          that fact for every backend
table="$(dirname "$0")/arches.txt"
col() { # the column number of a name
	case $1 in
	aliases) echo 2 ;; libfdt) echo 3 ;; mask) echo 4 ;; saved) echo 5 ;;
	bit) echo 6 ;; set) echo 7 ;; tools) echo 8 ;;
	*) echo "arches.sh: no column '$1'" >&2; exit 2 ;;
	esac
}
rows() { grep -v -e '^#' -e '^[[:space:]]*$' "$table"; }
case ${1:-} in
names) rows | awk '{ print $1 }' ;;
canon)
	rows | awk -v s="${2:-}" '
		{ n = split($2, a, ","); for (i = 1; i <= n; i++) if (a[i] == s) { print $1; found = 1; exit } }
		$1 == s { print $1; found = 1; exit }
		END { if (!found) print s }' ;;
get)
	c=$(col "$3") || exit 2
	rows | awk -v n="$2" -v c="$c" '$1 == n { print $c }' ;;
all)
	c=$(col "$2") || exit 2
	rows | awk -v c="$c" '{ print $c }' ;;
*)
	echo "usage: $0 names | canon <spelling> | get <name> <column> | all <column>" >&2
	exit 2 ;;
esac
