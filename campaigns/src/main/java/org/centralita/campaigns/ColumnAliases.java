package org.centralita.campaigns;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Recognises standard columns by header name, in Spanish and English, ignoring case, accents and punctuation. */
final class ColumnAliases {
    private static final Map<String, ContactField> ALIASES = new HashMap<>();

    static {
        alias(
                ContactField.PHONE,
                "telefono",
                "tel",
                "tlf",
                "tfno",
                "telf",
                "phone",
                "phonenumber",
                "telephone",
                "telefonomovil",
                "movil",
                "mobile",
                "mobilephone",
                "celular",
                "cell",
                "cellphone",
                "numero",
                "numerodetelefono",
                "number",
                "msisdn",
                "telefonocontacto",
                "telefono1");
        alias(
                ContactField.NAME,
                "nombre",
                "name",
                "fullname",
                "nombrecompleto",
                "contacto",
                "contact",
                "cliente",
                "customername",
                "nombrecliente",
                "razonsocial");
        alias(ContactField.FIRST_NAME, "firstname", "givenname", "nombrepila");
        alias(ContactField.LAST_NAME, "apellidos", "apellido", "lastname", "surname", "familyname");
        alias(
                ContactField.CUSTOMER_ID,
                "customerid",
                "idcliente",
                "nocliente",
                "ncliente",
                "nodecliente",
                "numcli",
                "clienteid",
                "codigocliente",
                "codcliente",
                "numcliente",
                "numerocliente",
                "customer",
                "customernumber",
                "accountid",
                "account",
                "cuenta",
                "id",
                "referencia",
                "ref");
        alias(ContactField.LANGUAGE, "idioma", "language", "lang", "lengua", "locale");
        alias(ContactField.TIME_ZONE, "timezone", "tz", "zonahoraria", "husohorario", "zona");
        alias(ContactField.EMAIL, "email", "correo", "correoelectronico", "mail", "emailaddress", "ecorreo");
    }

    private ColumnAliases() {}

    private static void alias(ContactField field, String... names) {
        for (String n : names) {
            ALIASES.put(n, field);
        }
    }

    /** Lower-cases, strips accents and every non-alphanumeric character: {@code "Teléfono Móvil"} → {@code telefonomovil}. */
    static String normalise(String header) {
        String d = Normalizer.normalize(header, Normalizer.Form.NFKD);
        StringBuilder b = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                b.append(Character.toLowerCase(c));
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    static Optional<ContactField> match(String header) {
        return Optional.ofNullable(ALIASES.get(normalise(header)));
    }

    static boolean anyMatch(List<String> headers) {
        return headers.stream().anyMatch(h -> match(h).isPresent());
    }
}
