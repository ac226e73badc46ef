import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Prints, for each line of stdin (a URL), what Elasticsearch's uri_parts processor gives for it:
 * java.net.URI first, java.net.URL when URI refuses it, nothing when both refuse.
 */
public class UriPartsReference {
    public static void main(String[] args) throws Exception {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        var out = new java.io.PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (String line; (line = in.readLine()) != null; ) out.println(describe(line));
    }

    static String describe(String s) {
        String domain, fragment, path, query, scheme, userInfo; int port;
        try {
            URI u = new URI(s);
            domain = u.getHost(); fragment = u.getFragment(); path = u.getPath(); port = u.getPort();
            query = u.getQuery(); scheme = u.getScheme(); userInfo = u.getUserInfo();
        } catch (Exception e) {
            try {
                @SuppressWarnings("deprecation") URL u = new URL(s);
                domain = u.getHost(); fragment = u.getRef(); path = u.getPath(); port = u.getPort();
                query = u.getQuery(); scheme = u.getProtocol(); userInfo = u.getUserInfo();
            } catch (Exception e2) {
                return "{\"url\":" + q(s) + ",\"fails\":true}";
            }
        }
        var b = new StringBuilder("{\"url\":").append(q(s));
        if (domain != null) b.append(",\"domain\":").append(q(domain));
        if (fragment != null) b.append(",\"fragment\":").append(q(fragment));
        if (path != null) {
            b.append(",\"path\":").append(q(path));
            int slash = path.lastIndexOf('/');
            if (slash >= 0) {
                String last = path.substring(slash);
                int dot = last.lastIndexOf('.');
                if (dot >= 0) b.append(",\"extension\":").append(q(last.substring(dot + 1)));
            }
        }
        if (port != -1) b.append(",\"port\":").append(port);
        if (query != null) b.append(",\"query\":").append(q(query));
        if (scheme != null) b.append(",\"scheme\":").append(q(scheme));
        if (userInfo != null) {
            b.append(",\"user_info\":").append(q(userInfo));
            int colon = userInfo.indexOf(':');
            if (colon >= 0) b.append(",\"username\":").append(q(userInfo.substring(0, colon)))
                .append(",\"password\":").append(q(userInfo.substring(colon + 1)));
        }
        return b.append('}').toString();
    }

    static String q(String s) {
        var b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
