using System.Text;
using ElbLogProcessor.Parsing;

namespace ElbLogProcessor.Tests;

/// <summary>The one IP check: what the detector, the ECS ip fields and URL hosts take for an address.</summary>
[Trait("Category", Category.Unit)]
public class IpTextTests
{
    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("010.0.0.1", true)]         // leading zeros, up to three digits a part
    [InlineData("256.0.0.1", false)]
    [InlineData("0010.0.0.1", false)]
    [InlineData("10.0.0", false)]
    [InlineData("10.0.0.1.", false)]
    [InlineData("10.0.0.1:80", false)]
    [InlineData("my-loadbalancer", false)]
    [InlineData("", false)]
    [InlineData("::", true)]
    [InlineData("::1", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("2001:DB8:0:0:0:0:0:1", true)]
    [InlineData("1:2:3:4:5:6:7:8", true)]
    [InlineData("1:2:3:4:5:6:7:8:9", false)]
    [InlineData("1::2::3", false)]
    [InlineData("12345::", false)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::ffff:010.0.0.1", true)]  // the tail is a dotted quad as above
    [InlineData("1:2:3:4:5:6:10.0.0.1", true)]
    [InlineData("1:2:3:4:5:6:7:10.0.0.1", false)]
    [InlineData("::ffff:256.0.0.1", false)]
    [InlineData("fe80::1%eth0", false)]     // an address field never has a zone
    [InlineData("[::1]", false)]
    [InlineData("2001:db8::g", false)]
    public void Is_an_ip_address(string text, bool expected) => Assert.Equal(expected, IpText.IsIp(Encoding.ASCII.GetBytes(text)));

    [Theory]
    [InlineData("10.0.0.1", 3, 8)]
    [InlineData("10.0.0.1:80", 3, 8)]
    [InlineData("0010.0.0.1", 3, -1)]
    [InlineData("0010.0.0.1", int.MaxValue, 10)]   // java.net.URI takes any number of digits
    [InlineData("10.0.0", 3, -1)]
    [InlineData("300.0.0.1", int.MaxValue, -1)]
    public void A_dotted_quad_at_the_start(string text, int maxDigits, int length) =>
        Assert.Equal(length, IpText.DottedQuad(Encoding.ASCII.GetBytes(text), maxDigits));
}
