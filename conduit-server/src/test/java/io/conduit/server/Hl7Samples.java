package io.conduit.server;

/** HL7 v2 messages the tests send. Synthetic: no real patient data. */
final class Hl7Samples {

    private Hl7Samples() {
    }

    static String adtA01(String controlId) {
        return "MSH|^~\\&|REGADT|GOOD HEALTH HOSPITAL|CONDUIT|TEST|20261124083000||ADT^A01^ADT_A01|" + controlId + "|P|2.5.1\r"
                + "EVN|A01|20261124083000\r"
                + "PID|1||PATID1234^^^GOOD HEALTH HOSPITAL^MR||EVERYWOMAN^EVE^E^^^^L||19880227|F|||2222 HOME STREET^^GREENSBORO^NC^27401\r"
                + "PV1|1|I|2000^2012^01||||004777^ATTEND^AARON^A|||SUR||||ADM|A0\r";
    }
}
