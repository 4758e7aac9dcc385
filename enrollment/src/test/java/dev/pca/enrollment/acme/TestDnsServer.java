package dev.pca.enrollment.acme;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * A tiny authoritative DNS server on 127.0.0.1, UDP and TCP on one ephemeral port, answering from
 * records the test sets. Names in {@link #truncated} are answered over UDP with TC set and only
 * over TCP in full, as a large TXT set would be. Unknown names are NXDOMAIN.
 */
final class TestDnsServer implements AutoCloseable {
  private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
  final Set<Name> truncated = ConcurrentHashMap.newKeySet();
  final List<String> tcpQuestions = new ArrayList<>();
  private final DatagramSocket udp;
  private final ServerSocket tcp;

  TestDnsServer() throws IOException {
    DatagramSocket datagrams = null;
    ServerSocket stream = null;
    for (int attempt = 0; stream == null; attempt++) {
      datagrams = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      try {
        stream = new ServerSocket();
        stream.bind(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), datagrams.getLocalPort()));
      } catch (IOException e) {
        datagrams.close();
        stream = null;
        if (attempt > 20) {
          throw e;
        }
      }
    }
    udp = datagrams;
    tcp = stream;
    daemon(this::serveUdp);
    daemon(this::serveTcp);
  }

  static void daemon(Runnable task) {
    Thread thread = new Thread(task, "test-server");
    thread.setDaemon(true);
    thread.start();
  }

  /** host:port, as pca.acme.dns-resolver names a resolver. */
  String address() {
    return "127.0.0.1:" + udp.getLocalPort();
  }

  void a(String name, String address) throws IOException {
    add(new ARecord(name(name), DClass.IN, 60, InetAddress.getByName(address)));
  }

  void aaaa(String name, String address) throws IOException {
    add(new AAAARecord(name(name), DClass.IN, 60, InetAddress.getByName(address)));
  }

  void txt(String name, String text) throws IOException {
    add(new TXTRecord(name(name), DClass.IN, 60, text));
  }

  /** A name that exists with no records of the type asked (NODATA). */
  void exists(String name) throws IOException {
    records.computeIfAbsent(name(name), n -> new ArrayList<>());
  }

  private void add(Record record) {
    records.computeIfAbsent(record.getName(), n -> new ArrayList<>()).add(record);
  }

  static Name name(String name) throws IOException {
    return Name.fromString(name, Name.root);
  }

  private byte[] answer(byte[] query, boolean overTcp) throws IOException {
    Message request = new Message(query);
    Message response = new Message(request.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.AA);
    Record question = request.getQuestion();
    response.addRecord(question, Section.QUESTION);
    List<Record> named = records.get(question.getName());
    if (named == null) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
    } else if (!overTcp && truncated.contains(question.getName())) {
      response.getHeader().setFlag(Flags.TC);
    } else {
      for (Record record : named) {
        if (record.getType() == question.getType()) {
          response.addRecord(record, Section.ANSWER);
        }
      }
    }
    if (overTcp) {
      synchronized (tcpQuestions) {
        tcpQuestions.add(question.getName() + " " + Type.string(question.getType()));
      }
    }
    return response.toWire();
  }

  private void serveUdp() {
    byte[] buffer = new byte[4096];
    while (!udp.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        udp.receive(packet);
        byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
        byte[] answer = answer(query, false);
        udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
      } catch (IOException e) {
        // closed, or a query that does not parse
      }
    }
  }

  private void serveTcp() {
    while (!tcp.isClosed()) {
      try (Socket socket = tcp.accept()) {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] query = new byte[in.readUnsignedShort()];
        in.readFully(query);
        byte[] answer = answer(query, true);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeShort(answer.length);
        out.write(answer);
        out.flush();
      } catch (IOException e) {
        // closed, or a query that does not parse
      }
    }
  }

  @Override
  public void close() throws IOException {
    udp.close();
    tcp.close();
  }
}
