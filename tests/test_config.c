#include "common_util.h"
HARNESS_DEFINE("host");
int main(void){return 0;}
